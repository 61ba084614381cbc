package dev.authflux.oidc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;

import dev.authflux.support.AuthClient;
import dev.authflux.support.ForgedTokens;
import dev.authflux.support.InteropProcess;
import dev.authflux.support.OAuthCalls;
import dev.authflux.support.OpenIdProviderTest;
import dev.authflux.support.TestDatabase;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stock Spring Boot 4 resource server (the {@code interop} module, Spring Security's
 * auto-configuration and nothing else) pointed at authflux by its issuer alone: in JWT
 * mode it finds our keys through discovery and accepts the tokens of
 * {@code POST /api/v1/sessions}; in introspection mode it asks {@code /api/v1/introspect}
 * and so sees a revoked session at once.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceServerInteropTests extends OpenIdProviderTest {

	private static final Duration STARTUP = Duration.ofSeconds(90);

	private InteropProcess jwtMode;

	private InteropProcess introspectionMode;

	/** docs/oidc.md's decoder bean for {@code AUTHFLUX_TOKEN_TYPE=at+jwt}. */
	private InteropProcess atJwtMode;

	private AuthClient client;

	/** All start at once; authflux (this class' application context) is already up. */
	@BeforeAll
	void startResourceServers() throws Exception {
		this.jwtMode = InteropProcess.start("resource-server-jwt", ISSUER);
		this.introspectionMode = InteropProcess.start("resource-server-introspection", ISSUER,
				"AUTHFLUX_INTROSPECTION_CLIENT_ID=" + INTROSPECTION_CLIENT,
				"AUTHFLUX_INTROSPECTION_CLIENT_SECRET=" + INTROSPECTION_SECRET);
		this.atJwtMode = InteropProcess.start("resource-server-at-jwt", ISSUER);
		for (InteropProcess resourceServer : List.of(this.jwtMode, this.introspectionMode, this.atJwtMode)) {
			resourceServer.awaitReady(STARTUP);
		}
	}

	@AfterAll
	void stopResourceServers() {
		for (InteropProcess resourceServer : Arrays.asList(this.jwtMode, this.introspectionMode, this.atJwtMode)) {
			if (resourceServer != null) {
				resourceServer.close();
			}
		}
	}

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@Test
	void jwtModeWhenSessionTokenThenAcceptsItAsTheUser() {
		TestUsers.Credentials user = TestUsers.unique("rs-jwt");
		String userId = (String) this.client.register(user).get("id");
		AuthClient.Tokens tokens = this.client.login(user);

		whoami(this.jwtMode, tokens.accessToken()).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.authentication")
			.isEqualTo("JwtAuthenticationToken")
			.jsonPath("$.name")
			.isEqualTo(userId)
			.jsonPath("$.iss")
			.isEqualTo(ISSUER)
			.jsonPath("$.sid")
			.isEqualTo(tokens.sessionId())
			.jsonPath("$.preferred_username")
			.isEqualTo(user.username());
	}

	@ParameterizedTest
	@ValueSource(strings = { "payload edited, signature kept", "signature byte changed", "alg none",
			"HS256 keyed with the public JWK", "our kid, signed by a stranger's key",
			"expired an hour ago, signed by the service",
			"expired two minutes ago (past the clock skew), signed by the service", "wrong iss, signed by the service",
			"typ logout+jwt, signed by the service" })
	void jwtModeWhenTokenTamperedExpiredOrOfAnotherIssuerThenRejects(String forgery) {
		String token = forged(forgery);

		rejected(whoami(this.jwtMode, token));
	}

	@Test
	void jwtModeWhenSessionRevokedThenStillAcceptsUntilExpiry() {
		AuthClient.Tokens tokens = this.client.registerAndLogin(TestUsers.unique("rs-jwt"));
		whoami(this.jwtMode, tokens.accessToken()).expectStatus().isOk();

		this.client.withToken("DELETE", "/api/v1/sessions/current", tokens.accessToken(), null)
			.expectStatus()
			.isNoContent();

		// By signature alone nothing tells it the session ended (docs/oidc.md): the token
		// stays good until its exp, ten minutes at most.
		whoami(this.jwtMode, tokens.accessToken()).expectStatus().isOk();
	}

	@Test
	void introspectionModeWhenSessionRevokedThenRejectsItsTokenAtOnce() {
		TestUsers.Credentials user = TestUsers.unique("rs-introspect");
		String userId = (String) this.client.register(user).get("id");
		AuthClient.Tokens tokens = this.client.login(user);
		whoami(this.introspectionMode, tokens.accessToken()).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.authentication")
			.isEqualTo("BearerTokenAuthentication")
			.jsonPath("$.name")
			.isEqualTo(userId)
			.jsonPath("$.username")
			.isEqualTo(user.username());

		this.client.withToken("DELETE", "/api/v1/sessions/current", tokens.accessToken(), null)
			.expectStatus()
			.isNoContent();

		rejected(whoami(this.introspectionMode, tokens.accessToken()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "signature byte changed", "expired an hour ago, signed by the service" })
	void introspectionModeWhenTokenTamperedOrExpiredThenRejects(String forgery) {
		rejected(whoami(this.introspectionMode, forged(forgery)));
	}

	@Test
	void bothModesWhenClientCredentialsTokenThenAcceptItAsTheClientUntilItIsDisabled() {
		Map<String, Object> registered = OAuthCalls.register(this.http,
				OAuthCalls.machine("rs batch job", "orders:read"));
		String clientId = (String) registered.get("client_id");
		String token = (String) OAuthCalls.clientCredentials(this.http, registered, "grant_type=client_credentials")
			.get("access_token");

		for (InteropProcess resourceServer : List.of(this.jwtMode, this.introspectionMode)) {
			whoami(resourceServer, token).expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo(clientId);
		}
		OAuthCalls.admin(this.http, HttpMethod.POST, OAuthCalls.CLIENTS + "/" + clientId + "/disable", null)
			.expectStatus()
			.isNoContent();
		rejected(whoami(this.introspectionMode, token));
	}

	@Test
	void jwtModeWhenTokenTypedAtJwtThenRejects() throws Exception {
		String token = typedAtJwt(this.client.registerAndLogin(TestUsers.unique("rs-at-jwt")).accessToken());

		rejected(whoami(this.jwtMode, token));
	}

	@Test
	void atJwtConfigurationWhenTokenTypedAtJwtOrJwtThenAcceptsBoth() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("rs-at-jwt");
		String userId = (String) this.client.register(user).get("id");
		String token = this.client.login(user).accessToken();

		whoami(this.atJwtMode, typedAtJwt(token)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo(userId);
		whoami(this.atJwtMode, token).expectStatus().isOk();
		rejected(whoami(this.atJwtMode, forged("expired an hour ago, signed by the service")));
		rejected(whoami(this.atJwtMode, forged("wrong iss, signed by the service")));
	}

	/**
	 * The token as the service issues it with {@code AUTHFLUX_TOKEN_TYPE=at+jwt}: the
	 * same claims and key, typed {@code at+jwt}.
	 */
	private static String typedAtJwt(String token) throws Exception {
		SignedJWT genuine = SignedJWT.parse(token);
		ECKey key;
		try (Connection connection = TestDatabase.shared().connect();
				PreparedStatement statement = connection
					.prepareStatement("SELECT private_jwk FROM signing_keys WHERE kid = ?")) {
			statement.setString(1, genuine.getHeader().getKeyID());
			try (ResultSet rows = statement.executeQuery()) {
				assertThat(rows.next()).as("the token's signing key in the database").isTrue();
				key = (ECKey) JWK.parse(rows.getString(1));
			}
		}
		SignedJWT typed = new SignedJWT(
				new JWSHeader.Builder(genuine.getHeader()).type(new JOSEObjectType("at+jwt")).build(),
				genuine.getJWTClaimsSet());
		typed.sign(new ECDSASigner(key));
		return typed.serialize();
	}

	private String forged(String forgery) {
		AuthClient.Tokens tokens = this.client.registerAndLogin(TestUsers.unique("rs-forged"));
		UUID otherUser = UUID.fromString((String) this.client.register(TestUsers.unique("rs-other")).get("id"));
		Map<String, String> forgeries = ForgedTokens.from(tokens.accessToken(), otherUser);
		assertThat(forgeries).containsKey(forgery);
		return forgeries.get(forgery);
	}

	private static WebTestClient.ResponseSpec whoami(InteropProcess resourceServer, String accessToken) {
		// The first call of each makes it fetch discovery and the JWKS, or introspect.
		return WebTestClient.bindToServer()
			.baseUrl(resourceServer.baseUrl())
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.get()
			.uri("/whoami")
			.headers((headers) -> headers.setBearerAuth(accessToken))
			.exchange();
	}

	private static void rejected(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.value(HttpHeaders.WWW_AUTHENTICATE,
					(challenge) -> assertThat(challenge).startsWith("Bearer").contains("error=\"invalid_token\""));
	}

}
