package dev.authflux.oauth;

import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import dev.authflux.support.AuthClient;
import dev.authflux.support.CodeFlows.Pkce;
import dev.authflux.support.OpenIdProviderTest;
import dev.authflux.support.OperatorCalls;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.authflux.support.CodeFlows.CALLBACK;
import static dev.authflux.support.CodeFlows.app;
import static dev.authflux.support.CodeFlows.authorize;
import static dev.authflux.support.CodeFlows.basicOf;
import static dev.authflux.support.CodeFlows.exchange;
import static dev.authflux.support.CodeFlows.offlineApp;
import static dev.authflux.support.CodeFlows.params;
import static dev.authflux.support.CodeFlows.query;
import static dev.authflux.support.CodeFlows.redirect;
import static dev.authflux.support.CodeFlows.signIn;
import static dev.authflux.support.OAuthCalls.register;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refresh token grant of OAuth clients and token revocation (RFC 7009) under abuse,
 * over real HTTP: reused, stolen, widened and revoked refresh tokens, tokens of other
 * clients, and which sessions live on.
 */
@Tag("e2e")
class RefreshTokenAbuseTests extends OpenIdProviderTest {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private static final String REVOKE = "/oauth2/revoke";

	@Autowired
	private DatabaseClient db;

	private TestUsers.Credentials user;

	private String cookie;

	@BeforeEach
	void signedInUser() {
		this.user = TestUsers.unique("refresh");
		new AuthClient(this.http).register(this.user);
		this.cookie = signIn(this.http, this.user);
	}

	@Test
	void codeWhenOfflineAccessGrantedToARefreshClientThenRefreshTokenOtherwiseNone() {
		Map<String, Object> offline = register(this.http, offlineApp("offline app", "client_secret_basic"));
		Map<String, Object> noGrant = register(this.http,
				"{\"client_name\":\"no refresh grant\",\"redirect_uris\":[\"" + CALLBACK
						+ "\"],\"grant_types\":[\"authorization_code\"],\"scope\":\"openid offline_access\","
						+ "\"skip_consent\":true}");

		assertThat(tokens(offline, "openid offline_access")).containsKey("refresh_token")
			.containsEntry("scope", "openid offline_access");
		assertThat(tokens(offline, "openid profile")).doesNotContainKey("refresh_token");
		assertThat(tokens(noGrant, "openid offline_access")).doesNotContainKey("refresh_token");
	}

	@Test
	void refreshWhenRotatedThenNewPairSameSessionListedAsCurrent() throws Exception {
		Map<String, Object> client = register(this.http, offlineApp("rotating app", "client_secret_basic"));
		Map<String, Object> first = tokens(client, "openid profile offline_access");

		Map<String, Object> second = refresh(client, (String) first.get("refresh_token"), null).expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Cache-Control", "no-store")
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();

		assertThat(second)
			.containsOnlyKeys("access_token", "token_type", "expires_in", "refresh_token", "scope", "id_token")
			.containsEntry("token_type", "Bearer")
			.containsEntry("scope", "openid profile offline_access");
		assertThat(second.get("refresh_token")).isNotEqualTo(first.get("refresh_token"));
		String sid = claim((String) second.get("access_token"), "sid");
		assertThat(sid).isEqualTo(claim((String) first.get("access_token"), "sid"));
		List<Map<String, Object>> sessions = sessions((String) second.get("access_token"));
		assertThat(sessions).filteredOn((session) -> sid.equals(session.get("id")))
			.singleElement()
			.satisfies((session) -> assertThat(session).containsEntry("current", true)
				.containsEntry("kind", "client")
				.containsEntry("client_id", client.get("client_id"))
				.containsEntry("scope", "openid profile offline_access"));
		assertThat(sessions).extracting((session) -> session.get("kind")).contains("browser");
	}

	@Test
	void refreshWhenReusedThenOnlyThatClientSessionEnds() {
		Map<String, Object> client = register(this.http, offlineApp("reused app", "client_secret_basic"));
		Map<String, Object> other = register(this.http, offlineApp("bystander app", "client_secret_basic"));
		Map<String, Object> victim = tokens(client, "openid offline_access");
		Map<String, Object> sibling = tokens(client, "openid offline_access");
		Map<String, Object> bystander = tokens(other, "openid offline_access");
		String stolen = (String) victim.get("refresh_token");
		Map<String, Object> rotated = refreshed(client, stolen, null);

		invalidGrant(refresh(client, stolen, null));

		invalidGrant(refresh(client, (String) rotated.get("refresh_token"), null));
		userinfo((String) rotated.get("access_token")).expectStatus().isUnauthorized();
		assertThat(this.db
			.sql("SELECT count(*) AS n FROM audit_events WHERE event = 'refresh_reuse_detected' "
					+ "AND session_id = :sid::uuid")
			.bind("sid", claim((String) victim.get("access_token"), "sid"))
			.map((row) -> row.get("n", Long.class))
			.one()
			.block()).isOne();
		refreshed(client, (String) sibling.get("refresh_token"), null);
		refreshed(other, (String) bystander.get("refresh_token"), null);
		// The browser session lives on: the authorization endpoint still answers with a
		// code.
		assertThat(
				params(redirect(authorize(this.http, this.cookie, authorization(client, "openid")))).getFirst("code"))
			.isNotBlank();
	}

	@Test
	void refreshWhenAnotherClientsTokenThenInvalidGrantAuditedAndTheOwnerKeepsIt() {
		Map<String, Object> owner = register(this.http, offlineApp("token owner", "client_secret_basic"));
		Map<String, Object> thief = register(this.http, offlineApp("token thief", "client_secret_basic"));
		Map<String, Object> tokens = tokens(owner, "openid offline_access");
		String refreshToken = (String) tokens.get("refresh_token");

		invalidGrant(refresh(thief, refreshToken, null));

		assertThat(this.db
			.sql("SELECT detail FROM audit_events WHERE event = 'token_of_another_client' "
					+ "AND session_id = :sid::uuid")
			.bind("sid", claim((String) tokens.get("access_token"), "sid"))
			.map((row) -> row.get("detail", String.class))
			.all()
			.collectList()
			.block()).containsExactly((String) thief.get("client_id"));
		refreshed(owner, refreshToken, null);
	}

	@Test
	void refreshWhenScopeNarrowedThenNarrowTokensWhenWidenedThenInvalidScopeAndTheTokenIsNotSpent() {
		Map<String, Object> client = register(this.http, offlineApp("narrowing app", "client_secret_basic"));
		String refreshToken = (String) tokens(client, "openid offline_access").get("refresh_token");

		refresh(client, refreshToken, "openid profile offline_access").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_scope");
		refresh(client, refreshToken, "openid  offline_access").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_scope");

		Map<String, Object> narrowed = refreshed(client, refreshToken, "offline_access");
		assertThat(narrowed).containsEntry("scope", "offline_access").doesNotContainKey("id_token");
		assertThat(claim((String) narrowed.get("access_token"), "scope")).isEqualTo("offline_access");
		// Narrowing one access token does not narrow the grant.
		assertThat(refreshed(client, (String) narrowed.get("refresh_token"), null))
			.containsEntry("scope", "openid offline_access")
			.containsKey("id_token");
	}

	@Test
	void refreshWhenPublicOrPostClientThenTheirOwnAuthenticationWorks() {
		Map<String, Object> publicClient = register(this.http, offlineApp("public app", "none"));
		Map<String, Object> postClient = register(this.http, offlineApp("post app", "client_secret_post"));
		Pkce pkce = Pkce.generate();
		String code = params(redirect(authorize(this.http, this.cookie,
				authorization(publicClient, "openid offline_access") + "&"
						+ query("code_challenge", pkce.challenge(), "code_challenge_method", "S256"))))
			.getFirst("code");
		String publicRefresh = (String) exchange(this.http, null,
				query("grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK, "client_id",
						(String) publicClient.get("client_id"), "code_verifier", pkce.verifier()))
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("refresh_token");

		exchange(this.http, null, query("grant_type", "refresh_token", "refresh_token", publicRefresh, "client_id",
				(String) publicClient.get("client_id")))
			.expectStatus()
			.isOk();

		String postCode = params(
				redirect(authorize(this.http, this.cookie, authorization(postClient, "openid offline_access"))))
			.getFirst("code");
		String postRefresh = (String) exchange(this.http, null,
				query("grant_type", "authorization_code", "code", postCode, "redirect_uri", CALLBACK, "client_id",
						(String) postClient.get("client_id"), "client_secret",
						(String) postClient.get("client_secret")))
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("refresh_token");
		exchange(this.http, basicOf(postClient), query("grant_type", "refresh_token", "refresh_token", postRefresh))
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_client");
		exchange(this.http, null, query("grant_type", "refresh_token", "refresh_token", postRefresh, "client_id",
				(String) postClient.get("client_id"), "client_secret", (String) postClient.get("client_secret")))
			.expectStatus()
			.isOk();
	}

	@Test
	void refreshWhenSessionEndedOrUserDisabledOrTokenIsTheApisThenInvalidGrant() {
		Map<String, Object> client = register(this.http, offlineApp("ended app", "client_secret_basic"));
		Map<String, Object> ended = tokens(client, "openid offline_access");
		Map<String, Object> later = tokens(client, "openid offline_access");
		String apiRefresh = new AuthClient(this.http).login(this.user).refreshToken();

		invalidGrant(refresh(client, apiRefresh, null));
		this.http.delete()
			.uri("/api/v1/sessions/" + claim((String) ended.get("access_token"), "sid"))
			.headers((headers) -> headers.setBearerAuth((String) later.get("access_token")))
			.exchange()
			.expectStatus()
			.isNoContent();
		invalidGrant(refresh(client, (String) ended.get("refresh_token"), null));
		// A client's refresh token is spent at the token endpoint only.
		new AuthClient(this.http).refresh((String) later.get("refresh_token")).expectStatus().isUnauthorized();

		String userId = (String) OperatorCalls.found(this.http, this.user.username()).get("id");
		OperatorCalls.admin(this.http, HttpMethod.POST, OperatorCalls.USERS + "/" + userId + "/disable")
			.expectStatus()
			.is2xxSuccessful();
		invalidGrant(refresh(client, (String) later.get("refresh_token"), null));
	}

	@Test
	void refreshWhenClientNotRegisteredForItOrTokenMissingThenTheirErrors() {
		Map<String, Object> client = register(this.http, app("code only", "client_secret_basic", true));

		exchange(this.http, basicOf(client), query("grant_type", "refresh_token", "refresh_token", "x")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("unauthorized_client");
		Map<String, Object> offline = register(this.http, offlineApp("missing token", "client_secret_basic"));
		exchange(this.http, basicOf(offline), query("grant_type", "refresh_token")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_request");
		invalidGrant(refresh(offline, "not-a-token-of-anyone", null));
	}

	@Test
	void revokeWhenRefreshTokenThenItsSessionEndsForRefreshUserInfoAndIntrospection() {
		Map<String, Object> client = register(this.http, offlineApp("revoking app", "client_secret_basic"));
		Map<String, Object> revoked = tokens(client, "openid offline_access");
		Map<String, Object> kept = tokens(client, "openid offline_access");

		revoke(basicOf(client),
				query("token", (String) revoked.get("refresh_token"), "token_type_hint", "refresh_token"))
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Cache-Control", "no-store")
			.expectBody()
			.isEmpty();

		invalidGrant(refresh(client, (String) revoked.get("refresh_token"), null));
		userinfo((String) revoked.get("access_token")).expectStatus().isUnauthorized();
		OperatorCalls.introspect(this.http, (String) revoked.get("access_token")).jsonPath("$.active").isEqualTo(false);
		OperatorCalls.introspect(this.http, (String) kept.get("access_token")).jsonPath("$.active").isEqualTo(true);
		refreshed(client, (String) kept.get("refresh_token"), null);
		// Revoking it again: nothing left to do, the same answer.
		revoke(basicOf(client), query("token", (String) revoked.get("refresh_token"))).expectStatus().isOk();
	}

	@Test
	void revokeWhenAccessTokenWithAWrongHintThenItsSessionEnds() {
		Map<String, Object> client = register(this.http, offlineApp("access revoking app", "client_secret_basic"));
		Map<String, Object> tokens = tokens(client, "openid offline_access");

		revoke(basicOf(client), query("token", (String) tokens.get("access_token"), "token_type_hint", "refresh_token"))
			.expectStatus()
			.isOk();

		OperatorCalls.introspect(this.http, (String) tokens.get("access_token")).jsonPath("$.active").isEqualTo(false);
		invalidGrant(refresh(client, (String) tokens.get("refresh_token"), null));
	}

	@Test
	void revokeWhenAnotherClientsTokenThenOkNothingRevokedAndAudited() {
		Map<String, Object> owner = register(this.http, offlineApp("revoke owner", "client_secret_basic"));
		Map<String, Object> other = register(this.http, offlineApp("revoke other", "client_secret_basic"));
		Map<String, Object> tokens = tokens(owner, "openid offline_access");

		revoke(basicOf(other), query("token", (String) tokens.get("refresh_token"))).expectStatus().isOk();
		revoke(basicOf(other), query("token", (String) tokens.get("access_token"))).expectStatus().isOk();

		OperatorCalls.introspect(this.http, (String) tokens.get("access_token")).jsonPath("$.active").isEqualTo(true);
		assertThat(this.db
			.sql("SELECT count(*) AS n FROM audit_events WHERE event = 'token_of_another_client' "
					+ "AND session_id = :sid::uuid AND detail = :client")
			.bind("sid", claim((String) tokens.get("access_token"), "sid"))
			.bind("client", other.get("client_id"))
			.map((row) -> row.get("n", Long.class))
			.one()
			.block()).isEqualTo(2);
		refreshed(owner, (String) tokens.get("refresh_token"), null);
	}

	@Test
	void revokeWhenUnknownMalformedOrBadlyAskedThenOkOrRfc6749Errors() {
		Map<String, Object> client = register(this.http, offlineApp("revoke input", "client_secret_basic"));

		revoke(basicOf(client), query("token", "unknown")).expectStatus().isOk();
		revoke(basicOf(client), query("token", "a.b.c")).expectStatus().isOk();
		revoke(basicOf(client), query("token", "x", "token_type_hint", "no_such_type")).expectStatus().isOk();
		revoke(basicOf(client), "").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_request");
		revoke(basicOf(client), "token=a&token=b").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_request");
		revoke(null, query("token", "x")).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_client");
		this.http.post()
			.uri(REVOKE)
			.header(HttpHeaders.AUTHORIZATION, basicOf(client))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"token\":\"x\"}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_request");
		this.http.get().uri(REVOKE).exchange().expectStatus().isEqualTo(405);
	}

	private Map<String, Object> tokens(Map<String, Object> client, String scope) {
		String code = params(redirect(authorize(this.http, this.cookie, authorization(client, scope))))
			.getFirst("code");
		return exchange(this.http, basicOf(client),
				query("grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK))
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	private static String authorization(Map<String, Object> client, String scope) {
		return query("client_id", (String) client.get("client_id"), "redirect_uri", CALLBACK, "response_type", "code",
				"scope", scope, "state", "s");
	}

	private WebTestClient.ResponseSpec refresh(Map<String, Object> client, String refreshToken, String scope) {
		String form = query("grant_type", "refresh_token", "refresh_token", refreshToken);
		return exchange(this.http, basicOf(client), (scope != null) ? form + "&" + query("scope", scope) : form);
	}

	private Map<String, Object> refreshed(Map<String, Object> client, String refreshToken, String scope) {
		return refresh(client, refreshToken, scope).expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec revoke(String authorization, String form) {
		return this.http.post().uri(REVOKE).headers((headers) -> {
			if (authorization != null) {
				headers.set(HttpHeaders.AUTHORIZATION, authorization);
			}
		}).contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue(form).exchange();
	}

	private WebTestClient.ResponseSpec userinfo(String accessToken) {
		return this.http.get()
			.uri("/oauth2/userinfo")
			.headers((headers) -> headers.setBearerAuth(accessToken))
			.exchange();
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> sessions(String accessToken) {
		return (List<Map<String, Object>>) this.http.get()
			.uri("/api/v1/sessions")
			.headers((headers) -> headers.setBearerAuth(accessToken))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("sessions");
	}

	private static String claim(String jwt, String name) {
		try {
			return SignedJWT.parse(jwt).getJWTClaimsSet().getStringClaim(name);
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void invalidGrant(WebTestClient.ResponseSpec response) {
		response.expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_grant");
	}

}
