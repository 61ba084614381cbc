package dev.authflux.oauth;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.authflux.support.AuthClient;
import dev.authflux.support.CodeFlows;
import dev.authflux.support.CodeFlows.Pkce;
import dev.authflux.support.OpenIdProviderTest;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.MultiValueMap;

import static dev.authflux.support.CodeFlows.CALLBACK;
import static dev.authflux.support.CodeFlows.app;
import static dev.authflux.support.CodeFlows.authorize;
import static dev.authflux.support.CodeFlows.basicOf;
import static dev.authflux.support.CodeFlows.exchange;
import static dev.authflux.support.CodeFlows.params;
import static dev.authflux.support.CodeFlows.query;
import static dev.authflux.support.CodeFlows.redirect;
import static dev.authflux.support.CodeFlows.signIn;
import static dev.authflux.support.OAuthCalls.CLIENTS;
import static dev.authflux.support.OAuthCalls.admin;
import static dev.authflux.support.OAuthCalls.register;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization code flow under the abuse of issue 17's list: codes replayed, stolen
 * by another client or exchanged without the PKCE verifier, redirect URIs bent towards
 * another site, unknown, disabled and mixed-up clients; and the sign-in round trip,
 * {@code prompt=login}, consent and the sessions a code starts.
 */
@Tag("e2e")
class AuthorizationCodeAbuseTests extends OpenIdProviderTest {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	@Autowired
	private DatabaseClient db;

	@Autowired
	private ExpiredAuthorizations housekeeping;

	private TestUsers.Credentials user;

	private String cookie;

	@BeforeEach
	void signedInUser() {
		this.user = TestUsers.unique("abuse");
		new AuthClient(this.http).register(this.user);
		this.cookie = signIn(this.http, this.user);
	}

	@Test
	void codeWhenVerifierWrongOrMissingThenInvalidGrantAndTheCodeIsSpent() {
		Map<String, Object> client = register(this.http, app("wrong verifier", "client_secret_basic", true));
		Pkce pkce = Pkce.generate();
		String code = code(client, pkce.challenge());

		invalidGrant(exchange(this.http, basicOf(client), form(code) + "&code_verifier=" + Pkce.generate().verifier()));
		invalidGrant(exchange(this.http, basicOf(client), form(code) + "&code_verifier=" + pkce.verifier()));

		String another = code(client, pkce.challenge());
		invalidGrant(exchange(this.http, basicOf(client), form(another)));
	}

	@Test
	void codeWhenRedirectUriDiffersAtTheTokenEndpointThenInvalidGrant() {
		Map<String, Object> client = register(this.http, app("redirect mismatch", "client_secret_basic", true));
		String code = code(client, null);

		invalidGrant(exchange(this.http, basicOf(client),
				query("grant_type", "authorization_code", "code", code, "redirect_uri", "http://127.0.0.1:8765/cb")));
	}

	@Test
	void codeWhenPresentedByAnotherClientThenInvalidGrantAndItsOwnClientCanStillUseIt() {
		Map<String, Object> owner = register(this.http, app("code owner", "client_secret_basic", true));
		Map<String, Object> thief = register(this.http, app("code thief", "client_secret_basic", true));
		String code = code(owner, null);

		invalidGrant(exchange(this.http, basicOf(thief), form(code)));
		// Mixed-up client ids: the thief's credentials with the owner's client_id.
		exchange(this.http, basicOf(thief), form(code) + "&client_id=" + owner.get("client_id")).expectStatus()
			.isBadRequest();

		exchange(this.http, basicOf(owner), form(code)).expectStatus().isOk();
	}

	@Test
	void codeWhenClientSecretWrongThenInvalidClient() {
		Map<String, Object> client = register(this.http, app("wrong secret", "client_secret_basic", true));
		String code = code(client, null);

		exchange(this.http, dev.authflux.support.OAuthCalls.basic((String) client.get("client_id"), "not-the-secret"),
				form(code))
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_client");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://evil.example/callback", "https://app.example.test/callback/../evil",
			"https://app.example.test/callback?x=1", "https://app.example.test.evil.example/callback",
			"https://app.example.test/CALLBACK", "//evil.example/callback", "javascript:alert(1)" })
	void authorizeWhenRedirectUriIsNotExactlyARegisteredOneThenPageNeverARedirect(String redirectUri) {
		Map<String, Object> client = register(this.http, app("open redirect", "client_secret_basic", true));

		authorize(this.http, this.cookie,
				query("client_id", (String) client.get("client_id"), "redirect_uri", redirectUri, "response_type",
						"code", "scope", "openid", "state", "s"))
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.doesNotExist("Location")
			.expectBody(String.class)
			.value((page) -> assertThat(page).doesNotContain("evil.example"));
	}

	@Test
	void authorizeWhenClientUnknownOrDisabledThenPage() {
		authorize(this.http, this.cookie, query("client_id", "no-such-client", "redirect_uri", CALLBACK,
				"response_type", "code", "scope", "openid"))
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.doesNotExist("Location");
		Map<String, Object> client = register(this.http, app("disabled", "client_secret_basic", true));
		String code = code(client, null);
		admin(this.http, HttpMethod.POST, CLIENTS + "/" + client.get("client_id") + "/disable", null).expectStatus()
			.is2xxSuccessful();

		authorize(this.http, this.cookie, request(client, null)).expectStatus()
			.isBadRequest()
			.expectHeader()
			.doesNotExist("Location");
		exchange(this.http, basicOf(client), form(code)).expectStatus().isUnauthorized();
	}

	@Test
	void authorizeWhenPkcePlainOrMissingForAPublicClientThenInvalidRequest() {
		Map<String, Object> client = register(this.http, app("public", "none", true));

		assertThat(error(authorize(this.http, this.cookie, request(client, null)))).isEqualTo("invalid_request");
		assertThat(error(authorize(this.http, this.cookie,
				request(client, null) + "&"
						+ query("code_challenge", Pkce.generate().challenge(), "code_challenge_method", "plain"))))
			.isEqualTo("invalid_request");
	}

	@Test
	void authorizeWhenScopeBeyondTheClientsOrResponseTypeTokenThenTheirErrors() {
		Map<String, Object> client = register(this.http, app("scopes", "client_secret_basic", true));

		assertThat(error(authorize(this.http, this.cookie,
				request(client, null).replace("scope=openid", "scope=openid+orders%3Awrite"))))
			.isEqualTo("invalid_scope");
		assertThat(error(authorize(this.http, this.cookie,
				request(client, null).replace("response_type=code", "response_type=token"))))
			.isEqualTo("unsupported_response_type");
	}

	@ParameterizedTest
	@ValueSource(strings = { "&max_age=9223372036854775807", "&max_age=99999999999999999999999", "&max_age=-1",
			"&max_age=1e3", "&prompt=none+login", "&prompt=bogus", "&nonce=%C3%28", "&code_challenge=%C3%28",
			"&authflux_login=%00", "&authflux_login=x", "&scope=openid", "&state=again",
			"&code_challenge_method=S256" })
	void authorizeWhenParametersAreOddThenAnAnswerNeverAServerError(String extra) {
		Map<String, Object> client = register(this.http, app("odd input", "client_secret_basic", true));

		authorize(this.http, this.cookie, request(client, extra)).expectStatus()
			.value((status) -> assertThat(status).isBetween(300, 499));
		authorize(this.http, null, request(client, extra)).expectStatus()
			.value((status) -> assertThat(status).isBetween(300, 499));
	}

	@Test
	void authorizeWhenMalformedOrNotAFormThenPages() throws Exception {
		Map<String, Object> client = register(this.http, app("malformed", "client_secret_basic", true));
		assertThat(dev.authflux.support.OperatorCalls.rawStatus(baseUrl(),
				"GET /oauth2/authorize?client_id=%ZZ&redirect_uri=%"))
			.isBetween(400, 499);
		assertThat(dev.authflux.support.OperatorCalls.rawStatus(baseUrl(),
				"GET /oauth2/authorize?" + request(client, "&nonce=%ZZ")))
			.isBetween(300, 499);
		this.http.post()
			.uri("/oauth2/authorize")
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isBadRequest();
		this.http.put().uri("/oauth2/authorize").exchange().expectStatus().isEqualTo(405);
	}

	@Test
	void authorizeWhenNotSignedInThenLoginPageWhichComesBackForACode() {
		Map<String, Object> client = register(this.http, app("round trip", "client_secret_basic", true));
		URI login = redirect(authorize(this.http, null, request(client, null) + "&login_hint=someone"));
		assertThat(login.getPath()).isEqualTo("/login");
		String returnTo = params(login).getFirst("return_to");
		assertThat(params(login).getFirst("login_hint")).isEqualTo("someone");

		CodeFlows.Returned back = CodeFlows.signInReturningTo(this.http, this.user, returnTo);
		assertThat(back.location().toString()).startsWith("/oauth2/authorize?");

		MultiValueMap<String, String> callback = params(
				redirect(authorize(this.http, back.cookie(), back.location().getRawQuery())));
		assertThat(callback.getFirst("code")).isNotBlank();
		assertThat(callback.getFirst("state")).isEqualTo("s & t");
	}

	@Test
	void authorizeWhenComingFromOurOwnPagesThenAPageContinuesToTheClientInsteadOfARedirect() {
		Map<String, Object> client = register(this.http, app("continue", "client_secret_basic", true));
		String page = fromSite(request(client, null), "same-origin").expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Cache-Control", "no-store")
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY")
			.expectHeader()
			.value("Content-Security-Policy", (csp) -> assertThat(csp).contains("form-action 'self'"))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).contains("<meta http-equiv=\"refresh\" content=\"0;url=" + CALLBACK + "?code=")
			.contains("<a id=\"continue\" href=\"" + CALLBACK + "?code=");

		URI fromTheClient = redirect(fromSite(request(client, null), "cross-site"));
		assertThat(params(fromTheClient).getFirst("code")).isNotBlank();
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec fromSite(String query,
			String fetchSite) {
		return this.http.get()
			.uri((base) -> URI.create(base.build() + CodeFlows.AUTHORIZE + "?" + query))
			.cookie(dev.authflux.support.LoginForms.SESSION_COOKIE, this.cookie)
			.header("Sec-Fetch-Site", fetchSite)
			.exchange();
	}

	@Test
	void authorizeWhenPromptLoginThenFreshSignInIsRequiredOnceAndNoLoop() {
		Map<String, Object> client = register(this.http, app("prompt login", "client_secret_basic", true));
		URI login = redirect(authorize(this.http, this.cookie, request(client, null) + "&prompt=login"));
		assertThat(login.getPath()).isEqualTo("/login");
		String returnTo = params(login).getFirst("return_to");

		// Coming back with the old session: still not fresh.
		URI again = redirect(authorize(this.http, this.cookie, URI.create(returnTo).getRawQuery()));
		assertThat(again.getPath()).isEqualTo("/login");

		String fresh = signIn(this.http, this.user);
		MultiValueMap<String, String> callback = params(
				redirect(authorize(this.http, fresh, URI.create(returnTo).getRawQuery())));
		assertThat(callback.getFirst("code")).isNotBlank();
	}

	@Test
	void authorizeWhenClientNeedsConsentThenConsentPageOrConsentRequired() {
		Map<String, Object> client = register(this.http, app("third party", "client_secret_basic", false));

		authorize(this.http, this.cookie, request(client, null)).expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("third party").contains("action=\"/oauth2/consent\""));
		assertThat(error(authorize(this.http, this.cookie, request(client, null) + "&prompt=none")))
			.isEqualTo("consent_required");
	}

	@Test
	void clientSessionWhenBrowserSessionRevokedThenItEndsButNotTheOtherWayRound() {
		Map<String, Object> client = register(this.http, app("sessions", "client_secret_basic", true));
		String first = accessToken(client);
		String second = accessToken(client);
		List<Map<String, Object>> sessions = sessions(first);
		String firstSid = sid(first);
		String browserSid = sessions.stream()
			.map((session) -> (String) session.get("id"))
			.filter((id) -> !id.equals(firstSid) && !id.equals(sid(second)))
			.findFirst()
			.orElseThrow();

		this.http.delete()
			.uri("/api/v1/sessions/" + firstSid)
			.headers((headers) -> headers.setBearerAuth(second))
			.exchange()
			.expectStatus()
			.isNoContent();
		userinfo(first).expectStatus().isUnauthorized();
		userinfo(second).expectStatus().isOk();
		redirect(authorize(this.http, this.cookie, request(client, null)));

		this.http.delete()
			.uri("/api/v1/sessions/" + browserSid)
			.headers((headers) -> headers.setBearerAuth(second))
			.exchange()
			.expectStatus()
			.isNoContent();
		userinfo(second).expectStatus().isUnauthorized();
	}

	@Test
	void housekeepingWhenCodesAndSignInsHaveLongExpiredThenTheyAreDeletedAndFreshOnesKept() {
		Map<String, Object> client = register(this.http, app("housekeeping", "client_secret_basic", true));
		String kept = code(client, null);
		String old = code(client, null);
		this.db.sql("UPDATE authorization_codes SET expires_at = now() - interval '1 day' WHERE code_hash = :hash")
			.bind("hash", AuthorizationCodes.hash(old))
			.then()
			.block();

		assertThat(this.housekeeping.run().block()).isPositive();

		assertThat(codesWithHash(AuthorizationCodes.hash(old))).isZero();
		assertThat(codesWithHash(AuthorizationCodes.hash(kept))).isOne();
	}

	private long codesWithHash(byte[] hash) {
		return this.db.sql("SELECT count(*) AS n FROM authorization_codes WHERE code_hash = :hash")
			.bind("hash", hash)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block();
	}

	private String accessToken(Map<String, Object> client) {
		return (String) exchange(this.http, basicOf(client), form(code(client, null))).expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("access_token");
	}

	private static String sid(String accessToken) {
		try {
			return com.nimbusds.jwt.SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim("sid");
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
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

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec userinfo(String accessToken) {
		return this.http.get()
			.uri("/oauth2/userinfo")
			.headers((headers) -> headers.setBearerAuth(accessToken))
			.exchange();
	}

	private String code(Map<String, Object> client, String challenge) {
		String query = request(client, null);
		if (challenge != null) {
			query += "&" + query("code_challenge", challenge, "code_challenge_method", "S256");
		}
		String code = params(redirect(authorize(this.http, this.cookie, query))).getFirst("code");
		assertThat(code).isNotBlank();
		return code;
	}

	private static String request(Map<String, Object> client, String extra) {
		return query("client_id", (String) client.get("client_id"), "redirect_uri", CALLBACK, "response_type", "code",
				"scope", "openid", "state", "s & t") + ((extra != null) ? extra : "");
	}

	private static String form(String code) {
		return query("grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK);
	}

	private static String error(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response) {
		MultiValueMap<String, String> callback = params(redirect(response));
		assertThat(callback.getFirst("iss")).isEqualTo(ISSUER);
		assertThat(callback.getFirst("state")).isEqualTo("s & t");
		return callback.getFirst("error");
	}

	private static void invalidGrant(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response) {
		response.expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_grant");
	}

}
