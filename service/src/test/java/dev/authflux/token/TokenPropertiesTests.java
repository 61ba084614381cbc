package dev.authflux.token;

import dev.authflux.support.TestProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.bind.BindException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Which algorithms the two key families may be configured with. */
class TokenPropertiesTests {

	@Test
	void bindWhenNothingSetThenEs256AccessTokensAndRs256IdTokens() {
		TokenProperties properties = TestProperties.bind("authflux.token", TokenProperties.class);
		assertThat(properties.algorithm()).isEqualTo(SigningAlgorithm.ES256);
		assertThat(properties.idTokenAlgorithm()).isEqualTo(SigningAlgorithm.RS256);
	}

	@Test
	void bindWhenIdTokensAreEs256ThenAccepted() {
		TokenProperties properties = TestProperties.bind("authflux.token", TokenProperties.class,
				"id-token-algorithm=ES256");
		assertThat(properties.idTokenAlgorithm()).isEqualTo(SigningAlgorithm.ES256);
	}

	@Test
	void bindWhenIdTokensAreEdDsaThenRefusedNamingTheSettingAndWhy() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> TestProperties.bind("authflux.token", TokenProperties.class, "id-token-algorithm=EdDSA"))
			.havingRootCause()
			.withMessageContaining("authflux.token.id-token-algorithm")
			.withMessageContaining("AUTHFLUX_TOKEN_ID_TOKEN_ALGORITHM")
			.withMessageContaining("OKP")
			.withMessageContaining("RS256");
	}

	@Test
	void bindWhenAccessTokensAreEdDsaThenStillAccepted() {
		TokenProperties properties = TestProperties.bind("authflux.token", TokenProperties.class, "algorithm=EdDSA");
		assertThat(properties.algorithm()).isEqualTo(SigningAlgorithm.EDDSA);
	}

	@ParameterizedTest
	@ValueSource(strings = { "none", "HS256", "HS512", "PS256" })
	void bindWhenIdTokensAreUnsignedSymmetricOrUnknownThenRefused(String algorithm) {
		assertThatExceptionOfType(BindException.class).isThrownBy(
				() -> TestProperties.bind("authflux.token", TokenProperties.class, "id-token-algorithm=" + algorithm));
	}

}
