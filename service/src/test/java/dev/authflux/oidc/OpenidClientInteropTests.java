package dev.authflux.oidc;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import dev.authflux.support.AuthClient;
import dev.authflux.support.CodeFlows;
import dev.authflux.support.OAuthCalls;
import dev.authflux.support.OpenIdProviderTest;
import dev.authflux.support.OpenidClient;
import dev.authflux.support.OperatorCalls;
import dev.authflux.support.TestUsers;
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

	@Test
	void authorizationCodeWhenBrowserSignsInThenTheClientGetsCheckedIdTokenAndUserInfo() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("node-rp");
		String userId = (String) new AuthClient(this.http).register(user).get("id");
		Map<String, Object> client = OAuthCalls.register(this.http,
				CodeFlows.app("node web app", "client_secret_basic", true));
		Map<String, Object> credentials = Map.of("client_id", client.get("client_id"), "client_secret",
				client.get("client_secret"), "auth_method", "client_secret_basic");

		Map<String, Object> arguments = new HashMap<>(credentials);
		arguments.put("redirect_uri", CodeFlows.CALLBACK);
		arguments.put("scope", "openid profile");
		OpenidClient.Result started = this.openidClient.run("authorization-url", arguments);
		URI url = URI.create((String) started.body().get("url"));
		assertThat(url.toString()).startsWith(ISSUER + "/oauth2/authorize?");

		URI login = CodeFlows.redirect(CodeFlows.authorize(this.http, null, url.getRawQuery()));
		URI callback = CodeFlows.redirect(CodeFlows.throughTheLoginForm(this.http, user, login));
		assertThat(callback.toString()).startsWith(CodeFlows.CALLBACK + "?");

		Map<String, Object> finish = new HashMap<>(credentials);
		finish.put("callback_url", callback.toString());
		finish.put("code_verifier", started.body().get("code_verifier"));
		finish.put("state", started.body().get("state"));
		finish.put("nonce", started.body().get("nonce"));
		OpenidClient.Result tokens = this.openidClient.run("callback", finish);

		assertThat(tokens.isError()).as("%s", tokens.body()).isFalse();
		assertThat(tokens.body()).containsEntry("token_type", "bearer")
			.containsEntry("scope", "openid profile")
			.containsEntry("userinfo_sub", userId)
			.containsEntry("refresh_token", null);
		@SuppressWarnings("unchecked")
		Map<String, Object> claims = (Map<String, Object>) tokens.body().get("id_token_claims");
		assertThat(claims).containsOnlyKeys("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "sid", "amr")
			.containsEntry("iss", ISSUER)
			.containsEntry("sub", userId)
			.containsEntry("nonce", started.body().get("nonce"));
	}

	@Test
	void authorizationCodeWhenOfflineAccessThenTheClientRefreshesAndRevokes() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("node-offline");
		String userId = (String) new AuthClient(this.http).register(user).get("id");
		Map<String, Object> client = OAuthCalls.register(this.http,
				CodeFlows.offlineApp("node offline app", "client_secret_basic"));
		Map<String, Object> credentials = Map.of("client_id", client.get("client_id"), "client_secret",
				client.get("client_secret"), "auth_method", "client_secret_basic");
		Map<String, Object> arguments = new HashMap<>(credentials);
		arguments.put("redirect_uri", CodeFlows.CALLBACK);
		arguments.put("scope", "openid profile offline_access");
		OpenidClient.Result started = this.openidClient.run("authorization-url", arguments);
		URI url = URI.create((String) started.body().get("url"));
		URI login = CodeFlows.redirect(CodeFlows.authorize(this.http, null, url.getRawQuery()));
		URI callback = CodeFlows.redirect(CodeFlows.throughTheLoginForm(this.http, user, login));
		Map<String, Object> finish = new HashMap<>(credentials);
		finish.put("callback_url", callback.toString());
		finish.put("code_verifier", started.body().get("code_verifier"));
		finish.put("state", started.body().get("state"));
		finish.put("nonce", started.body().get("nonce"));
		OpenidClient.Result tokens = this.openidClient.run("callback", finish);
		assertThat(tokens.isError()).as("%s", tokens.body()).isFalse();
		assertThat(tokens.body().get("refresh_token")).isNotNull();
		@SuppressWarnings("unchecked")
		Map<String, Object> original = (Map<String, Object>) tokens.body().get("id_token_claims");

		Map<String, Object> refresh = new HashMap<>(credentials);
		refresh.put("refresh_token", tokens.body().get("refresh_token"));
		refresh.put("scope", "openid offline_access");
		OpenidClient.Result refreshed = this.openidClient.run("refresh", refresh);

		assertThat(refreshed.isError()).as("%s", refreshed.body()).isFalse();
		assertThat(refreshed.body()).containsEntry("token_type", "bearer")
			.containsEntry("scope", "openid offline_access");
		assertThat(refreshed.body().get("refresh_token")).isNotNull().isNotEqualTo(tokens.body().get("refresh_token"));
		@SuppressWarnings("unchecked")
		Map<String, Object> renewed = (Map<String, Object>) refreshed.body().get("id_token_claims");
		assertThat(renewed).containsEntry("sub", userId)
			.containsEntry("sid", original.get("sid"))
			.containsEntry("auth_time", original.get("auth_time"))
			.doesNotContainKey("nonce");

		Map<String, Object> revocation = new HashMap<>(credentials);
		revocation.put("token", refreshed.body().get("refresh_token"));
		revocation.put("token_type_hint", "refresh_token");
		OpenidClient.Result revoked = this.openidClient.run("revocation", revocation);

		assertThat(revoked.isError()).as("%s", revoked.body()).isFalse();
		OperatorCalls.introspect(this.http, (String) refreshed.body().get("access_token"))
			.jsonPath("$.active")
			.isEqualTo(false);
		refresh.put("refresh_token", refreshed.body().get("refresh_token"));
		OpenidClient.Result refused = this.openidClient.run("refresh", refresh);
		assertThat(refused.isError()).isTrue();
		assertThat(refused.body()).containsEntry("error", "invalid_grant");
	}

}
