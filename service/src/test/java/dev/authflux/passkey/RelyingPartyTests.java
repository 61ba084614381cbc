package dev.authflux.passkey;

import java.time.Duration;
import java.util.List;

import com.webauthn4j.data.client.Origin;
import dev.authflux.token.AccessTokenType;
import dev.authflux.token.SigningAlgorithm;
import dev.authflux.token.TokenProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RelyingPartyTests {

	@Test
	void relyingPartyWhenNotConfiguredThenTheIssuersHostAndOrigin() {
		RelyingParty party = new RelyingParty(properties(null, List.of()),
				tokens("https://auth.example.com:8443/tenant"));

		assertThat(party.id()).isEqualTo("auth.example.com");
		assertThat(party.origins()).containsExactly(Origin.create("https://auth.example.com:8443"));
	}

	@Test
	void relyingPartyWhenConfiguredThenTheConfiguredIdAndOrigins() {
		RelyingParty party = new RelyingParty(
				properties("example.com", List.of("https://app.example.com", " https://www.example.com")),
				tokens("https://auth.example.com"));

		assertThat(party.id()).isEqualTo("example.com");
		assertThat(party.origins()).containsExactlyInAnyOrder(Origin.create("https://app.example.com"),
				Origin.create("https://www.example.com"));
	}

	private static PasskeyProperties properties(String rpId, List<String> origins) {
		return new PasskeyProperties(rpId, origins, "authflux", Duration.ofMinutes(5), 20, 2);
	}

	private static TokenProperties tokens(String issuer) {
		return new TokenProperties(issuer, Duration.ofMinutes(10), SigningAlgorithm.ES256, Duration.ofSeconds(30),
				Duration.ofMinutes(5), Duration.ofMinutes(1), 10000, Duration.ofDays(30), AccessTokenType.JWT,
				SigningAlgorithm.RS256, null);
	}

}
