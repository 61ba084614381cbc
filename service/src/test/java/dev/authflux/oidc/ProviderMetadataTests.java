package dev.authflux.oidc;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderMetadataTests {

	@Test
	void membersWhenIssuerHasAPathThenEndpointsKeepIt() {
		Map<String, Object> members = new ProviderMetadata("https://id.example.com/auth", List.of("RS256")).members();

		assertThat(members.get("issuer")).isEqualTo("https://id.example.com/auth");
		assertThat(members.get("jwks_uri")).isEqualTo("https://id.example.com/auth/.well-known/jwks.json");
		assertThat(members.get("userinfo_endpoint")).isEqualTo("https://id.example.com/auth/oauth2/userinfo");
	}

	@Test
	void membersWhenIssuerEndsWithASlashThenPublishedAsConfiguredAndEndpointsWithoutADoubleSlash() {
		Map<String, Object> members = new ProviderMetadata("https://id.example.com/", List.of("RS256")).members();

		assertThat(members.get("issuer")).isEqualTo("https://id.example.com/");
		assertThat(members.get("introspection_endpoint")).isEqualTo("https://id.example.com/api/v1/introspect");
	}

	@Test
	void membersWhenIdTokenAlgorithmsConfiguredThenPublished() {
		Map<String, Object> members = new ProviderMetadata("https://id.example.com", List.of("RS256", "ES256"))
			.members();

		assertThat(members.get("id_token_signing_alg_values_supported")).isEqualTo(List.of("RS256", "ES256"));
		assertThat(members.keySet()).startsWith("issuer");
	}

}
