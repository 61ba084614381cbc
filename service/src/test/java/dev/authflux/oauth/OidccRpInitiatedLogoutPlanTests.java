package dev.authflux.oauth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.authflux.support.AuthClient;
import dev.authflux.support.LoginForms;
import dev.authflux.support.OpenIdProviderTest;
import dev.authflux.support.TestUsers;
import dev.authflux.token.IdTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.HtmlUtils;

import static dev.authflux.oauth.OidccFlows.SIGNED_OUT;
import static dev.authflux.oauth.OidccFlows.claims;
import static dev.authflux.oauth.OidccFlows.code;
import static dev.authflux.oauth.OidccFlows.logoutApp;
import static dev.authflux.oauth.OidccFlows.request;
import static dev.authflux.oauth.OidccFlows.tokens;
import static dev.authflux.support.CodeFlows.authorize;
import static dev.authflux.support.CodeFlows.params;
import static dev.authflux.support.CodeFlows.query;
import static dev.authflux.support.CodeFlows.redirect;
import static dev.authflux.support.CodeFlows.signIn;
import static dev.authflux.support.OAuthCalls.register;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenID Foundation's RP-Initiated Logout OP plan
 * (oidcc-rp-initiated-logout-certification-test-plan), one test per module, named after
 * it, plus the bad input around it. Each starts with a user signed in through the code
 * flow, holding an ID token whose {@code sid} is the browser's session.
 */
@Tag("e2e")
class OidccRpInitiatedLogoutPlanTests extends OpenIdProviderTest {

	private static final String END_SESSION = "/oauth2/logout";

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@Autowired
	private IdTokens idTokens;

	private TestUsers.Credentials user;

	private Map<String, Object> client;

	private String cookie;

	private String idToken;

	private String accessToken;

	@BeforeEach
	void signedInThroughTheCodeFlow() {
		// Sign-ins hash a password: on a busy machine that outlasts the default 5 s.
		this.http = this.http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
		this.user = TestUsers.unique("logout");
		new AuthClient(this.http).register(this.user);
		this.cookie = signIn(this.http, this.user);
		this.client = register(this.http, logoutApp("logout app"));
		Map<String, Object> tokens = tokens(this.http, this.client,
				code(this.http, this.cookie, request(this.client, "openid", "s")));
		this.idToken = (String) tokens.get("id_token");
		this.accessToken = (String) tokens.get("access_token");
	}

	@Test
	void oidccRpInitiatedLogoutDiscoveryEndpointVerificationWhenDiscoveredThenEndSessionEndpointPublished() {
		this.http.get()
			.uri("/.well-known/openid-configuration")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.end_session_endpoint")
			.isEqualTo(ISSUER + END_SESSION);
	}

	@Test
	void oidccRpInitiatedLogoutWhenHintOfThisSessionThenSignedOutAndBackWithStateOnly() {
		String state = "st ".repeat(40) + "/?&";

		EntityExchangeResult<byte[]> result = endSession(this.cookie,
				query("id_token_hint", this.idToken, "post_logout_redirect_uri", SIGNED_OUT, "state", state))
			.expectStatus()
			.isSeeOther()
			.expectBody()
			.returnResult();

		URI location = result.getResponseHeaders().getLocation();
		assertThat(OidccFlows.withoutQuery(location)).isEqualTo(SIGNED_OUT);
		assertThat(params(location).keySet()).containsExactly("state");
		assertThat(params(location).getFirst("state")).isEqualTo(state);
		assertSessionCookieCleared(result.getResponseCookies().getFirst(LoginForms.SESSION_COOKIE));
		assertSignedOut();
	}

	@Test
	void oidccRpInitiatedLogoutWhenHintSentByPostThenSignedOut() {
		URI location = redirect(this.http.post()
			.uri(END_SESSION)
			.cookie(LoginForms.SESSION_COOKIE, this.cookie)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue(query("id_token_hint", this.idToken, "post_logout_redirect_uri", SIGNED_OUT, "state", "p"))
			.exchange());

		assertThat(location.toString()).isEqualTo(SIGNED_OUT + "?state=p");
		assertSignedOut();
	}

	@Test
	void oidccRpInitiatedLogoutNoStateWhenNoStateThenBackWithoutQuery() {
		URI location = redirect(
				endSession(this.cookie, query("id_token_hint", this.idToken, "post_logout_redirect_uri", SIGNED_OUT)));

		assertThat(location.toString()).isEqualTo(SIGNED_OUT);
		assertSignedOut();
	}

	@Test
	void oidccRpInitiatedLogoutNoPostLogoutRedirectUriWhenHintOnlyThenSignedOutPage() {
		String page = endSession(this.cookie, query("id_token_hint", this.idToken, "state", "s")).expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist("Location")
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(page).contains("You are signed out");
		assertSignedOut();
	}

	@Test
	void oidccRpInitiatedLogoutWhenHintExpiredThenStillAccepted() {
		JWTClaimsSet genuine = claims(this.idToken);
		JWTClaimsSet expired = new JWTClaimsSet.Builder(genuine).issueTime(Date.from(Instant.now().minusSeconds(7200)))
			.expirationTime(Date.from(Instant.now().minusSeconds(3600)))
			.build();
		String hint = this.idTokens.sign(expired).block();

		assertThat(
				redirect(endSession(this.cookie, query("id_token_hint", hint, "post_logout_redirect_uri", SIGNED_OUT)))
					.toString())
			.isEqualTo(SIGNED_OUT);
		assertSignedOut();
	}

	@Test
	void oidccRpInitiatedLogoutBadPostLogoutRedirectUriWhenNotRegisteredThenPageAndNoRedirect() {
		refused(endSession(this.cookie, query("id_token_hint", this.idToken, "post_logout_redirect_uri",
				"https://evil.example/signed-out", "state", "s")));
		assertSignedIn();
	}

	@Test
	void oidccRpInitiatedLogoutQueryAddedToPostLogoutRedirectUriWhenQueryAddedThenPageAndNoRedirect() {
		refused(endSession(this.cookie,
				query("id_token_hint", this.idToken, "post_logout_redirect_uri", SIGNED_OUT + "?foo=bar")));
		assertSignedIn();
	}

	@Test
	void oidccRpInitiatedLogoutModifiedIdTokenHintWhenAlgNoneThenPageAndNoRedirect() {
		String[] parts = this.idToken.split("\\.");
		String none = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes()) + "." + parts[1] + ".";

		refused(endSession(this.cookie, query("id_token_hint", none, "post_logout_redirect_uri", SIGNED_OUT)));
		assertSignedIn();
	}

	@Test
	void oidccRpInitiatedLogoutBadIdTokenHintWhenSignedByAStrangerThenPageAndNoRedirect() throws Exception {
		RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
		SignedJWT forged = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(stranger.getKeyID()).type(JOSEObjectType.JWT).build(),
				claims(this.idToken));
		forged.sign(new RSASSASigner(stranger));

		refused(endSession(this.cookie,
				query("id_token_hint", forged.serialize(), "post_logout_redirect_uri", SIGNED_OUT, "state", "s")));
		assertSignedIn();
	}

	@Test
	void oidccRpInitiatedLogoutNoIdTokenHintWhenRedirectUriWithoutHintThenConfirmationFirst() {
		EntityExchangeResult<String> page = confirmationPage(
				query("client_id", clientId(), "post_logout_redirect_uri", SIGNED_OUT, "state", "s-9"));
		assertSignedIn();

		URI location = redirect(confirm(page, true));

		assertThat(location.toString()).isEqualTo(SIGNED_OUT + "?state=s-9");
		assertSignedOut();
	}

	@Test
	void oidccRpInitiatedLogoutNoIdTokenHintWhenNoClientIdEitherThenPageAndNoRedirect() {
		refused(endSession(this.cookie, query("post_logout_redirect_uri", SIGNED_OUT)));
		assertSignedIn();
	}

	@Test
	void oidccRpInitiatedLogoutNoParamsWhenNoParametersThenConfirmedThenSignedOutPage() {
		EntityExchangeResult<String> page = confirmationPage("");

		String signedOut = confirm(page, true).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(signedOut).contains("You are signed out");
		assertSignedOut();
	}

	@Test
	void oidccRpInitiatedLogoutOnlyStateWhenOnlyStateThenConfirmedThenSignedOutPage() {
		EntityExchangeResult<String> page = confirmationPage(query("state", "only"));

		confirm(page, true).expectStatus().isOk().expectHeader().doesNotExist("Location");
		assertSignedOut();
	}

	@Test
	void endSessionWhenHintOfAnotherBrowserSessionThenConfirmationFirst() {
		String otherBrowser = signIn(this.http, this.user);

		EntityExchangeResult<String> page = this.http.get()
			.uri((base) -> URI.create(base.build() + END_SESSION + "?"
					+ query("id_token_hint", this.idToken, "post_logout_redirect_uri", SIGNED_OUT)))
			.cookie(LoginForms.SESSION_COOKIE, otherBrowser)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();

		assertThat(page.getResponseBody()).contains("Sign out?");
		assertThat(page.getResponseHeaders().getFirst("Content-Security-Policy"))
			.contains("form-action 'self' https://app.example.test;");
		assertSignedIn();
	}

	@Test
	void endSessionWhenConfirmationFormForgedThenRefusedAndStillSignedIn() {
		EntityExchangeResult<String> page = confirmationPage(
				query("client_id", clientId(), "post_logout_redirect_uri", SIGNED_OUT));

		confirm(page, false).expectStatus().isForbidden().expectHeader().doesNotExist("Location");
		assertSignedIn();
	}

	@Test
	void endSessionWhenConfirmationCarriesAnotherRedirectUriThenRefused() {
		EntityExchangeResult<String> page = confirmationPage(
				query("client_id", clientId(), "post_logout_redirect_uri", SIGNED_OUT));
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		fields.add("_csrf", csrfField(page));
		fields.add("client_id", clientId());
		fields.add("post_logout_redirect_uri", "https://evil.example/");

		refused(postConfirm(page, fields));
		assertSignedIn();
	}

	@Test
	void endSessionWhenNobodySignedInThenStillBackToTheClient() {
		URI location = redirect(endSession(null,
				query("id_token_hint", this.idToken, "post_logout_redirect_uri", SIGNED_OUT, "state", "x")));

		assertThat(location.toString()).isEqualTo(SIGNED_OUT + "?state=x");
		assertSignedIn();
	}

	@Test
	void endSessionWhenClientIdIsNotTheHintsAudienceThenRefused() {
		Map<String, Object> other = register(this.http, logoutApp("other logout app"));

		refused(endSession(this.cookie, query("id_token_hint", this.idToken, "client_id",
				(String) other.get("client_id"), "post_logout_redirect_uri", SIGNED_OUT)));
		assertSignedIn();
	}

	@ParameterizedTest
	@ValueSource(strings = { "id_token_hint=a&id_token_hint=b", "state=a&state=b", "id_token_hint=not-a-jwt",
			"id_token_hint=%C3%28", "client_id=%00" })
	void endSessionWhenBadInputThenPageNot500(String query) {
		this.http.get()
			.uri((base) -> URI.create(base.build() + END_SESSION + "?" + query))
			.cookie(LoginForms.SESSION_COOKIE, this.cookie)
			.exchange()
			.expectStatus()
			.value((status) -> assertThat(status).isBetween(200, 499))
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.doesNotExist("Location");
	}

	@Test
	void endSessionWhenStateTooLongThenRefused() {
		refused(endSession(this.cookie, query("id_token_hint", this.idToken, "post_logout_redirect_uri", SIGNED_OUT,
				"state", "s".repeat(1025))));
		assertSignedIn();
	}

	@Test
	void endSessionWhenPostIsNotAFormThenPage() {
		this.http.post()
			.uri(END_SESSION)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"id_token_hint\":\"x\"}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML);
		this.http.post()
			.uri(END_SESSION)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("state=%zz")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML);
		this.http.get()
			.uri(END_SESSION + "/confirm")
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML);
	}

	private WebTestClient.ResponseSpec endSession(String sessionCookie, String query) {
		WebTestClient.RequestHeadersSpec<?> request = this.http.get()
			.uri((base) -> URI.create(base.build() + END_SESSION + (query.isEmpty() ? "" : "?" + query)));
		if (sessionCookie != null) {
			request.cookie(LoginForms.SESSION_COOKIE, sessionCookie);
		}
		return request.exchange();
	}

	private EntityExchangeResult<String> confirmationPage(String query) {
		EntityExchangeResult<String> page = endSession(this.cookie, query).expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist("Location")
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY")
			.expectBody(String.class)
			.returnResult();
		assertThat(page.getResponseBody()).contains("Sign out?", this.user.username(),
				"action=\"/oauth2/logout/confirm\"");
		return page;
	}

	/**
	 * Posts the confirmation page's form as a browser would, with or without its token.
	 */
	private WebTestClient.ResponseSpec confirm(EntityExchangeResult<String> page, boolean withToken) {
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")
			.matcher(page.getResponseBody());
		while (hidden.find()) {
			if (withToken || !hidden.group(1).equals("_csrf")) {
				fields.add(hidden.group(1), HtmlUtils.htmlUnescape(hidden.group(2)));
			}
		}
		return postConfirm(page, fields);
	}

	private WebTestClient.ResponseSpec postConfirm(EntityExchangeResult<String> page,
			MultiValueMap<String, String> fields) {
		ResponseCookie csrf = page.getResponseCookies().getFirst(LoginForms.CSRF_COOKIE);
		assertThat(csrf).isNotNull();
		return this.http.post()
			.uri(END_SESSION + "/confirm")
			.cookie(LoginForms.SESSION_COOKIE, this.cookie)
			.cookie(LoginForms.CSRF_COOKIE, csrf.getValue())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(fields))
			.exchange();
	}

	private static String csrfField(EntityExchangeResult<String> page) {
		Matcher field = CSRF_FIELD.matcher(page.getResponseBody());
		assertThat(field.find()).isTrue();
		return field.group(1);
	}

	private static void refused(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isBadRequest()
			.expectHeader()
			.doesNotExist("Location")
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY");
	}

	private String clientId() {
		return (String) this.client.get("client_id");
	}

	private static void assertSessionCookieCleared(ResponseCookie cookie) {
		assertThat(cookie).isNotNull();
		assertThat(cookie.getValue()).isEmpty();
		assertThat(cookie.getMaxAge()).isZero();
	}

	/** The browser session is over, and with it the client's session made through it. */
	private void assertSignedOut() {
		MultiValueMap<String, String> callback = params(
				redirect(authorize(this.http, this.cookie, request(this.client, "openid", "after") + "&prompt=none")));
		assertThat(callback.getFirst("error")).isEqualTo("login_required");
		this.http.get()
			.uri("/oauth2/userinfo")
			.headers((headers) -> headers.setBearerAuth(this.accessToken))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	private void assertSignedIn() {
		code(this.http, this.cookie, request(this.client, "openid", "still") + "&prompt=none");
		this.http.get()
			.uri("/oauth2/userinfo")
			.headers((headers) -> headers.setBearerAuth(this.accessToken))
			.exchange()
			.expectStatus()
			.isOk();
	}

}
