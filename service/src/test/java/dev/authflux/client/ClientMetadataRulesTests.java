package dev.authflux.client;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** RFC 7591's defaults and the consistency rules, without HTTP. */
class ClientMetadataRulesTests {

	private final ClientMetadataRules rules = new ClientMetadataRules(Set.of("openid", "profile", "orders:read"));

	@Test
	void checkWhenOnlyNameAndRedirectUriThenDefaultsOfACodeFlowClient() {
		ClientMetadata metadata = this.rules.check(new ClientMetadataRequest(" web ",
				List.of("https://app.example.test/cb", "https://app.example.test/cb"), null, null, null, null, null,
				null));

		assertThat(metadata.clientName()).isEqualTo("web");
		assertThat(metadata.redirectUris()).containsExactly("https://app.example.test/cb");
		assertThat(metadata.grantTypes()).containsExactly("authorization_code");
		assertThat(metadata.responseTypes()).containsExactly("code");
		assertThat(metadata.tokenEndpointAuthMethod()).isEqualTo(AuthMethod.CLIENT_SECRET_BASIC);
		assertThat(metadata.scope()).isEmpty();
		assertThat(metadata.skipConsent()).isFalse();
	}

	@Test
	void checkWhenScopeRepeatsATokenThenItIsKeptOnceInOrder() {
		ClientMetadata metadata = this.rules.check(new ClientMetadataRequest("m", null, List.of("client_credentials"),
				null, null, "orders:read openid orders:read", null, null));

		assertThat(metadata.scopeString()).isEqualTo("orders:read openid");
		assertThat(metadata.responseTypes()).isEmpty();
	}

	@Test
	void checkWhenPublicClientOfClientCredentialsThenInvalidMetadata() {
		assertThatExceptionOfType(InvalidClientMetadataException.class)
			.isThrownBy(() -> this.rules.check(new ClientMetadataRequest("m", null, List.of("client_credentials"), null,
					"none", null, null, null)))
			.withMessageContaining("never client_credentials");
	}

	@Test
	void problemWithWhenLoopbackHttpThenAccepted() {
		assertThat(RedirectUris.problemWith("http://localhost:8081/login/oauth2/code/authflux")).isNull();
		assertThat(RedirectUris.problemWith("http://127.0.0.1/cb")).isNull();
		assertThat(RedirectUris.problemWith("http://[::1]:3000/cb")).isNull();
		assertThat(RedirectUris.problemWith("HTTPS://App.Example.test/cb?x=1")).isNull();
	}

	@Test
	void problemWithWhenHttpOnAHostNamedLikeLoopbackThenRefused() {
		assertThat(RedirectUris.problemWith("http://localhost.evil.example/cb")).isNotNull();
		assertThat(RedirectUris.problemWith("http://127.0.0.1.evil.example/cb")).isNotNull();
		assertThat(RedirectUris.problemWith("http://localhost@evil.example/cb")).isNotNull();
	}

}
