package dev.authflux.e2e;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.authflux.support.ApplicationTest;
import dev.authflux.support.InstanceBehindAProxy;
import dev.authflux.support.OperatorCalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.authflux.support.OAuthCalls.CLIENTS;
import static dev.authflux.support.OAuthCalls.admin;
import static dev.authflux.support.OAuthCalls.basic;
import static dev.authflux.support.OAuthCalls.clientCredentials;
import static dev.authflux.support.OAuthCalls.machine;
import static dev.authflux.support.OAuthCalls.machinePost;
import static dev.authflux.support.OAuthCalls.register;
import static dev.authflux.support.OAuthCalls.token;
import static dev.authflux.support.OAuthCalls.webApp;
import static dev.authflux.support.OperatorCalls.JSON_OBJECT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client credentials grant at {@code POST /oauth2/token} as a machine client and a
 * resource server see it: tokens with RFC 9068's claims that verify against the JWKS,
 * scope narrowing, every way client authentication fails (uniformly, audited and
 * throttled), disabled and deleted clients, and that a client's token opens no user's
 * endpoint.
 */
@Tag("e2e")
class ClientCredentialsGrantE2ETests extends ApplicationTest {

	private static final String GRANT = "grant_type=client_credentials";

	@Autowired
	private DatabaseClient db;

	@Test
	void aClientAuthenticatedWithBasicGetsATokenThatIsNeitherStoredNorCached() {
		Map<String, Object> client = register(this.http, machine("basic job", "orders:read orders:write"));

		Map<String, Object> body = token(this.http, basic(id(client), secret(client)), GRANT).expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectHeader()
			.valueEquals(HttpHeaders.PRAGMA, "no-cache")
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();

		assertThat(body).containsOnlyKeys("access_token", "token_type", "expires_in", "scope")
			.containsEntry("token_type", "Bearer")
			.containsEntry("expires_in", 600)
			.containsEntry("scope", "orders:read orders:write");
	}

	@Test
	void aClientAuthenticatedWithPostGetsAToken() {
		Map<String, Object> client = register(this.http, machinePost("post job", "orders:read"));

		token(this.http, null, GRANT + "&client_id=" + id(client) + "&client_secret=" + secret(client)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.scope")
			.isEqualTo("orders:read");
	}

	@Test
	void theTokenVerifiesAgainstTheJwksWithTheClaimsOfRfc9068() throws Exception {
		Map<String, Object> client = register(this.http, machine("rs job", "orders:read"));
		String accessToken = (String) clientCredentials(this.http, client, GRANT).get("access_token");

		String jwks = this.http.get()
			.uri("/.well-known/jwks.json")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
		processor.setJWSKeySelector(
				new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.EdDSA),
						new ImmutableJWKSet<>(JWKSet.parse(jwks))));
		JWTClaimsSet claims = processor.process(accessToken, null);

		assertThat(claims.getIssuer()).isEqualTo("http://localhost:8080");
		assertThat(claims.getSubject()).isEqualTo(id(client));
		assertThat(claims.getAudience()).containsExactly("http://localhost:8080");
		assertThat(claims.getStringClaim("client_id")).isEqualTo(id(client));
		assertThat(claims.getStringClaim("scope")).isEqualTo("orders:read");
		assertThat(claims.getJWTID()).isNotBlank();
		assertThat(claims.getIssueTime()).isNotNull();
		assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(600_000);
		assertThat(claims.getClaims()).doesNotContainKeys("sid", "preferred_username");
	}

	@Test
	void theScopeCanBeNarrowedButNotWidened() {
		Map<String, Object> client = register(this.http, machine("scoped", "orders:read orders:write"));

		assertThat(clientCredentials(this.http, client, GRANT + "&scope=orders:write")).containsEntry("scope",
				"orders:write");
		assertThat(clientCredentials(this.http, client, GRANT + "&scope=")).containsEntry("scope",
				"orders:read orders:write");
		for (String scope : List.of("orders:read%20openid", "orders:delete", "orders:read%20%20orders:write",
				"%22orders:read%22")) {
			assertOAuthError(token(this.http, basic(id(client), secret(client)), GRANT + "&scope=" + scope), 400,
					"invalid_scope");
		}
	}

	@Test
	void aClientWithoutRegisteredScopeGetsATokenWithoutScope() {
		Map<String, Object> client = register(this.http,
				"{\"client_name\":\"bare\",\"grant_types\":[\"client_credentials\"]}");

		assertThat(clientCredentials(this.http, client, GRANT)).doesNotContainKey("scope");
	}

	@Test
	void aWrongSecretIsInvalidClientWithABasicChallengeAndAudited() {
		Map<String, Object> client = register(this.http, machine("guessed", "orders:read"));
		Map<String, Object> postClient = register(this.http, machinePost("guessed post", "orders:read"));

		assertInvalidClient(token(this.http, basic(id(client), "wrong secret"), GRANT), true);
		assertInvalidClient(token(this.http, basic(id(client), secret(client) + "x"), GRANT), true);
		assertInvalidClient(token(this.http, basic(id(client), secret(client).substring(1)), GRANT), true);
		assertInvalidClient(token(this.http, null, GRANT + "&client_id=" + id(postClient) + "&client_secret=wrong"),
				false);

		assertThat(failuresAudited(id(client))).isEqualTo(3);
		assertThat(failuresAudited(id(postClient))).isEqualTo(1);
	}

	@Test
	void anUnknownClientIsRefusedLikeAWrongSecret() {
		assertInvalidClient(token(this.http, basic("no-such-client", "some secret"), GRANT), true);
		assertInvalidClient(token(this.http, null, GRANT + "&client_id=no-such-client&client_secret=x"), false);
		assertInvalidClient(token(this.http, null, GRANT + "&client_id=no-such-client"), false);
		assertInvalidClient(token(this.http, null, GRANT), false);
	}

	@Test
	void theMethodUsedMustBeTheRegisteredOne() {
		Map<String, Object> basicClient = register(this.http, machine("basic only", "orders:read"));
		Map<String, Object> postClient = register(this.http, machinePost("post only", "orders:read"));

		assertInvalidClient(token(this.http, null,
				GRANT + "&client_id=" + id(basicClient) + "&client_secret=" + secret(basicClient)), false);
		assertInvalidClient(token(this.http, basic(id(postClient), secret(postClient)), GRANT), true);
		assertInvalidClient(token(this.http, null, GRANT + "&client_id=" + id(basicClient)), false);
	}

	@Test
	void authenticatingTwiceOrAsTwoClientsIsAnInvalidRequest() {
		Map<String, Object> client = register(this.http, machine("twice", "orders:read"));
		Map<String, Object> other = register(this.http, machine("other", "orders:read"));

		assertOAuthError(
				token(this.http, basic(id(client), secret(client)),
						GRANT + "&client_id=" + id(client) + "&client_secret=" + secret(client)),
				400, "invalid_request");
		assertOAuthError(token(this.http, basic(id(client), secret(client)), GRANT + "&client_id=" + id(other)), 400,
				"invalid_request");
		token(this.http, basic(id(client), secret(client)), GRANT + "&client_id=" + id(client)).expectStatus().isOk();
	}

	@Test
	void aClientNotRegisteredForTheGrantIsUnauthorized() {
		Map<String, Object> webApp = register(this.http, webApp("code only"));

		assertOAuthError(token(this.http, basic(id(webApp), secret(webApp)), GRANT), 400, "unauthorized_client");
	}

	@Test
	void grantsOfOtherClientsAreUnauthorizedAndUnknownOnesUnsupported() {
		Map<String, Object> client = register(this.http, machine("other grants", "orders:read"));

		for (String form : List.of("grant_type=authorization_code&code=abc&redirect_uri=https://a.example.test/",
				"grant_type=refresh_token&refresh_token=abc")) {
			assertOAuthError(token(this.http, basic(id(client), secret(client)), form), 400, "unauthorized_client");
		}
		for (String form : List.of("grant_type=password&username=a&password=b",
				"grant_type=urn:ietf:params:oauth:grant-type:device_code")) {
			assertOAuthError(token(this.http, basic(id(client), secret(client)), form), 400, "unsupported_grant_type");
		}
	}

	@Test
	void aDisabledClientIsRefusedAndItsTokensTurnInactive() {
		Map<String, Object> client = register(this.http, machine("suspended", "orders:read"));
		String accessToken = (String) clientCredentials(this.http, client, GRANT).get("access_token");
		OperatorCalls.introspect(this.http, accessToken)
			.jsonPath("$.active")
			.isEqualTo(true)
			.jsonPath("$.sub")
			.isEqualTo(id(client))
			.jsonPath("$.client_id")
			.isEqualTo(id(client))
			.jsonPath("$.scope")
			.isEqualTo("orders:read")
			.jsonPath("$.exp")
			.isNumber()
			.jsonPath("$.iat")
			.isNumber()
			.jsonPath("$.sid")
			.doesNotExist();

		admin(this.http, HttpMethod.POST, CLIENTS + "/" + id(client) + "/disable", null).expectStatus().isNoContent();

		assertInvalidClient(token(this.http, basic(id(client), secret(client)), GRANT), true);
		OperatorCalls.introspect(this.http, accessToken)
			.jsonPath("$.active")
			.isEqualTo(false)
			.jsonPath("$.sub")
			.doesNotExist();

		admin(this.http, HttpMethod.POST, CLIENTS + "/" + id(client) + "/enable", null).expectStatus().isNoContent();
		clientCredentials(this.http, client, GRANT);
		admin(this.http, HttpMethod.DELETE, CLIENTS + "/" + id(client), null).expectStatus().isNoContent();

		assertInvalidClient(token(this.http, basic(id(client), secret(client)), GRANT), true);
		OperatorCalls.introspect(this.http, accessToken)
			.jsonPath("$.active")
			.isEqualTo(false)
			.jsonPath("$.sub")
			.doesNotExist();
	}

	@Test
	void aSecretSurvivesAReplacementOfTheMetadata() {
		Map<String, Object> client = register(this.http, machine("replaced", "orders:read"));

		admin(this.http, HttpMethod.PUT, CLIENTS + "/" + id(client), machine("replaced", "orders:read orders:write"))
			.expectStatus()
			.isOk();

		assertThat(clientCredentials(this.http, client, GRANT)).containsEntry("scope", "orders:read orders:write");
	}

	@Test
	void aClientTokenOpensNoUsersEndpoint() {
		Map<String, Object> client = register(this.http, machine("not a user", "orders:read"));
		String accessToken = (String) clientCredentials(this.http, client, GRANT).get("access_token");

		for (String path : List.of("/api/v1/users/me", "/api/v1/sessions")) {
			this.http.get()
				.uri(path)
				.headers((headers) -> headers.setBearerAuth(accessToken))
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("invalid_token");
		}
	}

	@Test
	void failedAuthenticationsAreThrottledPerNetworkEvenForTheRightSecret() {
		Map<String, Object> client = register(this.http, machine("throttled", "orders:read"));
		try (InstanceBehindAProxy proxy = InstanceBehindAProxy.start("authflux.throttle.client-auth-max-failures=3",
				"authflux.clients.api-scopes=" + API_SCOPES)) {
			String guesser = InstanceBehindAProxy.newNetwork();
			WebTestClient fromGuesser = proxy.http(guesser);
			for (int i = 0; i < 3; i++) {
				assertInvalidClient(token(fromGuesser, basic(id(client), "guess " + i), GRANT), true);
			}

			WebTestClient.ResponseSpec refused = token(fromGuesser, basic(id(client), secret(client)), GRANT);
			refused.expectHeader().exists(HttpHeaders.RETRY_AFTER);
			assertOAuthError(refused, 429, "too_many_attempts");
			token(proxy.http(InstanceBehindAProxy.newNetwork()), basic(id(client), secret(client)), GRANT)
				.expectStatus()
				.isOk();
			Long audited = this.db
				.sql("SELECT count(*) AS n FROM audit_events WHERE event = 'client_authentication_failed'"
						+ " AND detail = :detail AND ip = :ip")
				.bind("detail", "oauth_client:" + id(client))
				.bind("ip", guesser)
				.map((row) -> row.get("n", Long.class))
				.one()
				.block();
			assertThat(audited).isEqualTo(3);
		}
	}

	private static void assertInvalidClient(WebTestClient.ResponseSpec response, boolean basicTried) {
		WebTestClient.ResponseSpec checked = response.expectHeader().contentType(MediaType.APPLICATION_JSON);
		if (basicTried) {
			checked.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"authflux\"");
		}
		else {
			checked.expectHeader().doesNotExist(HttpHeaders.WWW_AUTHENTICATE);
		}
		assertOAuthError(checked, 401, "invalid_client");
	}

	/** RFC 6749 §5.2: exactly error and error_description, in its character set. */
	static void assertOAuthError(WebTestClient.ResponseSpec response, int status, String error) {
		Map<String, Object> body = response.expectStatus()
			.isEqualTo(status)
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(body).containsOnlyKeys("error", "error_description").containsEntry("error", error);
		assertThat((String) body.get("error_description")).matches("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]+");
	}

	private long failuresAudited(String clientId) {
		return this.db
			.sql("SELECT count(*) AS n FROM audit_events WHERE event = 'client_authentication_failed'"
					+ " AND detail = :detail")
			.bind("detail", "oauth_client:" + clientId)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block();
	}

	private static String id(Map<String, Object> client) {
		return (String) client.get("client_id");
	}

	private static String secret(Map<String, Object> client) {
		return (String) client.get("client_secret");
	}

}
