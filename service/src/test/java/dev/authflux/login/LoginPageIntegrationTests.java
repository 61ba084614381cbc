package dev.authflux.login;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.LoginForms;
import dev.authflux.support.LoginForms.Csrf;
import dev.authflux.support.OperatorCalls;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login pages over plain HTTP: their headers, CSRF refusals, the answers to wrong and
 * right passwords, the single-sign-on cookie, the open-redirect rule, signing out, and
 * error pages. {@code LoginPageBrowserTests} drives the same pages in Chromium.
 */
class LoginPageIntegrationTests extends ApplicationTest {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private AuthClient client;

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@Test
	void loginPageWhenRequestedThenAccessibleFormUnderStrictHeaders() {
		EntityExchangeResult<String> page = this.http.get()
			.uri("/login")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("text/html;charset=UTF-8")
			.expectBody(String.class)
			.returnResult();
		assertStrictHeaders(page.getResponseHeaders());
		assertThat(page.getResponseBody())
			.contains("<label for=\"username\">", "<label for=\"password\">", "autocomplete=\"username\"",
					"autocomplete=\"current-password\"", "type=\"password\"", "method=\"post\" action=\"/login\"",
					"name=\"_csrf\"")
			.doesNotContain("http://", "https://");
		// The one script is the service's own file, for the hidden passkey button.
		assertThat(page.getResponseBody().split("<script", -1)).hasSize(2);
		assertThat(page.getResponseBody().split("src=", -1)).hasSize(2);
		assertThat(page.getResponseBody()).contains("<script src=\"/login/passkey.js\" defer></script>");
		ResponseCookie csrf = page.getResponseCookies().getFirst(LoginForms.CSRF_COOKIE);
		assertThat(csrf.isHttpOnly()).isTrue();
		assertThat(csrf.getSameSite()).isEqualTo("Strict");
	}

	@Test
	void loginPageWhenLoginHintGivenThenUsernameFilledInEscaped() {
		this.http.get()
			.uri((uri) -> uri.path("/login").queryParam("login_hint", "{hint}").build("bob\"><script>x</script>"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("value=\"bob&quot;&gt;&lt;script&gt;x&lt;/script&gt;\"")
				.doesNotContain("<script>"));
	}

	@Test
	void signInWhenCsrfTokenMissingWrongOrCrossOriginThenForbiddenPageAndNoSession() {
		TestUsers.Credentials user = TestUsers.unique("login-csrf");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		Csrf csrf = LoginForms.csrf(this.http);
		MultiValueMap<String, String> withoutToken = LoginForms.signIn(csrf, user, null);
		withoutToken.remove("_csrf");
		MultiValueMap<String, String> wrongToken = LoginForms.signIn(new Csrf(csrf.cookie(), csrf.cookie() + "x"), user,
				null);
		assertForged(LoginForms.post(this.http, "/login", csrf.cookie(), withoutToken));
		assertForged(LoginForms.post(this.http, "/login", null, LoginForms.signIn(csrf, user, null)));
		assertForged(LoginForms.post(this.http, "/login", csrf.cookie(), wrongToken));
		for (String origin : List.of("https://evil.example", "null", "http://localhost.evil.example")) {
			assertForged(this.http.post()
				.uri("/login")
				.cookie(LoginForms.CSRF_COOKIE, csrf.cookie())
				.header(HttpHeaders.ORIGIN, origin)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.bodyValue(LoginForms.signIn(csrf, user, null))
				.exchange());
		}
		for (String fetchSite : List.of("cross-site", "same-site")) {
			assertForged(this.http.post()
				.uri("/login")
				.cookie(LoginForms.CSRF_COOKIE, csrf.cookie())
				.header("Sec-Fetch-Site", fetchSite)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.bodyValue(LoginForms.signIn(csrf, user, null))
				.exchange());
		}
		assertThat(sessionsOf(api.accessToken())).as("only the API's session").hasSize(1);
	}

	@Test
	void signInWhenOriginNullFromOwnFormThenAccepted() {
		// What Chromium sends for a form of a page under Referrer-Policy: no-referrer.
		TestUsers.Credentials user = TestUsers.unique("login-origin-null");
		this.client.register(user);
		Csrf csrf = LoginForms.csrf(this.http);
		this.http.post()
			.uri("/login")
			.cookie(LoginForms.CSRF_COOKIE, csrf.cookie())
			.header(HttpHeaders.ORIGIN, "null")
			.header("Sec-Fetch-Site", "same-origin")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue(LoginForms.signIn(csrf, user, null))
			.exchange()
			.expectStatus()
			.isSeeOther()
			.expectCookie()
			.exists(LoginForms.SESSION_COOKIE);
	}

	@Test
	void signInWhenPasswordWrongOrUserUnknownThenSamePageWithMessage() {
		TestUsers.Credentials user = TestUsers.unique("login-wrong");
		this.client.register(user);
		Csrf csrf = LoginForms.csrf(this.http);
		for (TestUsers.Credentials attempt : List.of(new TestUsers.Credentials(user.username(), "not the password"),
				TestUsers.unique("login-nobody"))) {
			LoginForms.post(this.http, "/login", csrf.cookie(), LoginForms.signIn(csrf, attempt, null))
				.expectStatus()
				.isOk()
				.expectCookie()
				.doesNotExist(LoginForms.SESSION_COOKIE)
				.expectBody(String.class)
				.value((body) -> assertThat(body).contains("The username or password is incorrect.")
					.contains("value=\"" + attempt.username() + "\""));
		}
	}

	@Test
	void signInWhenPasswordRightThenSessionCookieRedirectAndListedSession() {
		TestUsers.Credentials user = TestUsers.unique("login-right");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		String cookie = signIn(user, null, "/");
		assertThat(cookie).hasSize(43);
		signedInPage(cookie).value((body) -> assertThat(body).contains(user.username(), "action=\"/logout\""));
		List<Map<String, Object>> sessions = sessionsOf(api.accessToken());
		assertThat(sessions).hasSize(2);
		assertThat(sessions).noneMatch((session) -> cookie.equals(session.get("id")));
	}

	@Test
	void signInWhenReturnToIsTheAuthorizationEndpointThenRedirectsThere() {
		TestUsers.Credentials user = TestUsers.unique("login-return");
		this.client.register(user);
		signIn(user, "/oauth2/authorize?client_id=app&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&state=x%20y",
				"/oauth2/authorize?client_id=app&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&state=x%20y");
	}

	@Test
	void signInWhenReturnToLeavesThisServiceThenLandsOnTheDefaultPage() {
		TestUsers.Credentials user = TestUsers.unique("login-redirect");
		this.client.register(user);
		for (String returnTo : List.of("https://evil.example/oauth2/authorize", "//evil.example/oauth2/authorize",
				"/\\evil.example", "\\\\evil.example", "/oauth2/authorize/../../evil", "/oauth2/authorizeX",
				"/oauth2/authorize#@evil.example", "/%2F%2Fevil.example", "/oauth2%2Fauthorize",
				"/oauth2/authorize?%zz", "/oauth2/authorize?x=\r\nSet-Cookie:a=b", "javascript:alert(1)",
				"/oauth2/authorize\\@evil.example", "https:evil.example", " /oauth2/authorize",
				"/oauth2/authorize?a=é")) {
			signIn(user, returnTo, "/");
		}
	}

	@Test
	void signInWhenAccountDisabledThenForbiddenOnlyWithTheRightPassword() {
		TestUsers.Credentials user = TestUsers.unique("login-disabled");
		String id = (String) this.client.register(user).get("id");
		OperatorCalls.admin(this.http, HttpMethod.POST, OperatorCalls.USERS + "/" + id + "/disable")
			.expectStatus()
			.isNoContent();
		Csrf csrf = LoginForms.csrf(this.http);
		LoginForms
			.post(this.http, "/login", csrf.cookie(),
					LoginForms.signIn(csrf, new TestUsers.Credentials(user.username(), "not the password"), null))
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("The username or password is incorrect."));
		LoginForms.post(this.http, "/login", csrf.cookie(), LoginForms.signIn(csrf, user, null))
			.expectStatus()
			.isForbidden()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("This account is disabled."));
	}

	@Test
	void signInWhenFieldsMissingThenBadRequestPage() {
		Csrf csrf = LoginForms.csrf(this.http);
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		fields.add("_csrf", csrf.token());
		fields.add("username", "someone");
		LoginForms.post(this.http, "/login", csrf.cookie(), fields)
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType("text/html;charset=UTF-8")
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("Enter your username and password."));
	}

	@Test
	void logoutWhenCsrfValidThenSessionRevokedAndCookieCleared() {
		TestUsers.Credentials user = TestUsers.unique("login-logout");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		String cookie = signIn(user, null, "/");
		Csrf csrf = LoginForms.csrf(this.http);
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		fields.add("_csrf", csrf.token());
		this.http.post()
			.uri("/logout")
			.cookie(LoginForms.SESSION_COOKIE, cookie)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue(fields)
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(sessionsOf(api.accessToken())).as("a logout without the CSRF token changes nothing").hasSize(2);
		this.http.post()
			.uri("/logout")
			.cookie(LoginForms.SESSION_COOKIE, cookie)
			.cookie(LoginForms.CSRF_COOKIE, csrf.cookie())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue(fields)
			.exchange()
			.expectStatus()
			.isSeeOther()
			.expectHeader()
			.location("/login")
			.expectCookie()
			.maxAge(LoginForms.SESSION_COOKIE, Duration.ZERO);
		assertThat(sessionsOf(api.accessToken())).hasSize(1);
		assertSignedOut(cookie);
	}

	@Test
	void browserSessionWhenRevokedThroughTheApiThenCookieStopsWorkingAtOnce() {
		TestUsers.Credentials user = TestUsers.unique("login-revoked");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		String cookie = signIn(user, null, "/");
		String browserSession = sessionsOf(api.accessToken()).stream()
			.filter((session) -> !Boolean.TRUE.equals(session.get("current")))
			.map((session) -> (String) session.get("id"))
			.findFirst()
			.orElseThrow();
		this.client.withToken("DELETE", "/api/v1/sessions/" + browserSession, api.accessToken(), null)
			.expectStatus()
			.isNoContent();
		assertSignedOut(cookie);
	}

	@Test
	void pagesWhenMethodOrPathWrongThenHtmlErrorPages() {
		EntityExchangeResult<String> put = this.http.put()
			.uri("/login")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
			.expectHeader()
			.contentType("text/html;charset=UTF-8")
			.expectBody(String.class)
			.returnResult();
		assertThat(put.getResponseHeaders().getAllow()).containsExactlyInAnyOrder(HttpMethod.GET, HttpMethod.POST);
		assertStrictHeaders(put.getResponseHeaders());
		this.http.get().uri("/logout").exchange().expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
		EntityExchangeResult<String> missing = this.http.get()
			.uri("/login/nothing-here")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType("text/html;charset=UTF-8")
			.expectBody(String.class)
			.returnResult();
		assertThat(missing.getResponseBody()).contains("<h1>Not Found</h1>").doesNotContain("\"code\"");
		this.http.post()
			.uri("/login")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("password=" + "x".repeat(20_000))
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType("text/html;charset=UTF-8");
		this.http.post()
			.uri("/login")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("_csrf=%zz&username=a")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType("text/html;charset=UTF-8");
		this.http.get()
			.uri("/api/v1/nothing-here")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	/** Signs in over HTTP; asserts the redirect and the cookie's attributes. */
	private String signIn(TestUsers.Credentials user, String returnTo, String expectedLocation) {
		Csrf csrf = LoginForms.csrf(this.http);
		EntityExchangeResult<Void> result = LoginForms
			.post(this.http, "/login", csrf.cookie(), LoginForms.signIn(csrf, user, returnTo))
			.expectStatus()
			.isSeeOther()
			.expectHeader()
			.location(expectedLocation)
			.expectBody()
			.isEmpty();
		ResponseCookie session = result.getResponseCookies().getFirst(LoginForms.SESSION_COOKIE);
		assertThat(session).as("session cookie after a return_to of " + returnTo).isNotNull();
		assertThat(session.isHttpOnly()).isTrue();
		assertThat(session.isSecure()).as("not Secure under an http issuer").isFalse();
		assertThat(session.getSameSite()).isEqualTo("Lax");
		assertThat(session.getPath()).isEqualTo("/");
		return session.getValue();
	}

	private WebTestClient.BodySpec<String, ?> signedInPage(String cookie) {
		return this.http.get()
			.uri("/")
			.cookie(LoginForms.SESSION_COOKIE, cookie)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class);
	}

	private void assertSignedOut(String cookie) {
		this.http.get()
			.uri("/")
			.cookie(LoginForms.SESSION_COOKIE, cookie)
			.exchange()
			.expectStatus()
			.isSeeOther()
			.expectHeader()
			.location("/login");
	}

	private static void assertForged(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType("text/html;charset=UTF-8")
			.expectCookie()
			.doesNotExist(LoginForms.SESSION_COOKIE)
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("Request refused"));
	}

	private static void assertStrictHeaders(HttpHeaders headers) {
		assertThat(headers.getFirst("Content-Security-Policy")).contains("default-src 'none'", "frame-ancestors 'none'",
				"form-action 'self'", "base-uri 'none'", "style-src 'sha256-");
		assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
		assertThat(headers.getCacheControl()).isEqualTo("no-store");
		assertThat(headers.getFirst("Referrer-Policy")).isEqualTo("no-referrer");
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> sessionsOf(String accessToken) {
		Map<String, Object> body = this.client.withToken("GET", "/api/v1/sessions", accessToken, null)
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		return (List<Map<String, Object>>) body.get("sessions");
	}

}
