package dev.authflux.oidc;

import java.util.Map;

import dev.authflux.support.OAuthCalls;
import dev.authflux.support.OpenIdProviderTest;
import dev.authflux.support.OpenidClient;
import dev.authflux.support.OperatorCalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * authflux as the npm package {@code openid-client} sees it, configured from discovery
 * alone: what a Node backend or batch job integrating with it runs.
 */
@Tag("e2e")
class OpenidClientInteropTests extends OpenIdProviderTest {

	private final OpenidClient openidClient = new OpenidClient(ISSUER);

	@Test
	void discoveryWhenRunThenTheClientAcceptsTheIssuerAndItsEndpoints() throws Exception {
		OpenidClient.Result discovered = this.openidClient.run("discover",
				Map.of("client_id", "any", "client_secret", "any"));

		assertThat(discovered.body()).containsEntry("issuer", ISSUER)
			.containsEntry("token_endpoint", ISSUER + "/oauth2/token")
			.containsEntry("jwks_uri", ISSUER + "/.well-known/jwks.json");
	}

	@Test
	void clientCredentialsWhenBasicThenTheClientGetsAScopedBearerToken() throws Exception {
		Map<String, Object> client = OAuthCalls.register(this.http,
				OAuthCalls.machine("node batch job", "orders:read orders:write"));

		OpenidClient.Result tokens = this.openidClient.run("client-credentials",
				Map.of("client_id", client.get("client_id"), "client_secret", client.get("client_secret"),
						"auth_method", "client_secret_basic", "scope", "orders:read"));

		assertThat(tokens.isError()).as("%s", tokens.body()).isFalse();
		assertThat(tokens.body()).containsEntry("token_type", "bearer")
			.containsEntry("scope", "orders:read")
			.containsEntry("expires_in", 600)
			.containsEntry("refresh_token", null);
		OperatorCalls.introspect(this.http, (String) tokens.body().get("access_token"))
			.jsonPath("$.active")
			.isEqualTo(true)
			.jsonPath("$.client_id")
			.isEqualTo(client.get("client_id"));
	}

	@Test
	void clientCredentialsWhenPostThenTheClientGetsAToken() throws Exception {
		Map<String, Object> client = OAuthCalls.register(this.http,
				OAuthCalls.machinePost("node post job", "orders:read"));

		OpenidClient.Result tokens = this.openidClient.run("client-credentials",
				Map.of("client_id", client.get("client_id"), "client_secret", client.get("client_secret"),
						"auth_method", "client_secret_post"));

		assertThat(tokens.isError()).as("%s", tokens.body()).isFalse();
		assertThat(tokens.body()).containsEntry("scope", "orders:read");
	}

	@Test
	void clientCredentialsWhenWrongSecretThenTheClientSeesInvalidClient() throws Exception {
		Map<String, Object> client = OAuthCalls.register(this.http, OAuthCalls.machine("node wrong", "orders:read"));

		OpenidClient.Result refused = this.openidClient.run("client-credentials",
				Map.of("client_id", client.get("client_id"), "client_secret", "not-the-secret"));

		assertThat(refused.isError()).isTrue();
		assertThat(refused.body()).containsEntry("error", "invalid_client")
			.containsEntry("status", 401)
			.containsEntry("challenge", "basic");
	}

}
