package dev.authflux.login;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jwt.SignedJWT;
import dev.authflux.mfa.Authenticator;
import dev.authflux.support.AuditTrail;
import dev.authflux.support.AuthClient;
import dev.authflux.support.CodeFlows;
import dev.authflux.support.LoginForms;
import dev.authflux.support.LoginForms.Csrf;
import dev.authflux.support.OpenIdProviderTest;
import dev.authflux.support.OperatorCalls;
import dev.authflux.support.SoftwareAuthenticator;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static dev.authflux.support.CodeFlows.CALLBACK;
import static dev.authflux.support.CodeFlows.authorize;
import static dev.authflux.support.CodeFlows.basicOf;
import static dev.authflux.support.CodeFlows.exchange;
import static dev.authflux.support.CodeFlows.offlineApp;
import static dev.authflux.support.CodeFlows.params;
import static dev.authflux.support.CodeFlows.query;
import static dev.authflux.support.CodeFlows.redirect;
import static dev.authflux.support.OAuthCalls.register;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys on the login pages over plain HTTP, as a browser without JavaScript or a
 * script-less client sees them: the button is hidden, the policy allows only the
 * service's own script, the forms it submits are CSRF-checked and refuse what is no
 * credential with a page; and the posts a script would make, with an authenticator in the
 * test's code, sign in. {@code PasskeyPageBrowserTests} clicks the buttons in Chromium.
 */
@Tag("e2e")
class PasskeyPageIntegrationTests extends OpenIdProviderTest {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private static final Pattern MFA_TOKEN = Pattern.compile("name=\"mfa_token\" value=\"([^\"]+)\"");

	private static final List<String> PASSKEY_POSTS = List.of(LoginRoutes.LOGIN_PASSKEY_OPTIONS,
			LoginRoutes.LOGIN_PASSKEY, LoginRoutes.LOGIN_CODE_PASSKEY_OPTIONS, LoginRoutes.LOGIN_CODE_PASSKEY);

	@Autowired
	private DatabaseClient db;

	private AuthClient client;

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@Test
	void loginPageWhenWithoutJavaScriptThenPasskeyButtonHiddenAndPasswordStillSignsIn() {
		EntityExchangeResult<String> page = this.http.get()
			.uri(LoginRoutes.LOGIN)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();
		String html = page.getResponseBody();
		assertThat(html).contains("<button type=\"button\" id=\"passkey\" class=\"secondary\" hidden")
			.contains("<form id=\"passkey-form\" method=\"post\" action=\"/login/passkey\">")
			.contains("<script src=\"/login/passkey.js\" defer></script>")
			.doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>")
			.doesNotContain(" onclick=");
		String policy = page.getResponseHeaders().getFirst("Content-Security-Policy");
		assertThat(policy)
			.contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "form-action 'self'",
					"frame-ancestors 'none'")
			.doesNotContain("unsafe-");

		TestUsers.Credentials user = TestUsers.unique("page-pk-pwd");
		this.client.register(user);
		assertThat(CodeFlows.signIn(this.http, user)).isNotBlank();
	}

	@Test
	void scriptWhenFetchedThenJavaScriptCacheableAndNotSniffed() {
		this.http.get()
			.uri(LoginRoutes.PASSKEY_SCRIPT)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("text/javascript;charset=UTF-8")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.value(HttpHeaders.CACHE_CONTROL, (cache) -> assertThat(cache).contains("public", "max-age="))
			.expectBody(String.class)
			.value((script) -> assertThat(script).contains("navigator.credentials.get", "PublicKeyCredential"));
	}

	@Test
	void passkeyPostsWhenCsrfTokenMissingThenForbiddenPageAndNoSession() {
		Csrf csrf = LoginForms.csrf(this.http);
		for (String path : PASSKEY_POSTS) {
			MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
			fields.add("mfa_token", "some-mfa-token");
			fields.add(PasskeySignInHandler.CREDENTIAL, "{}");
			LoginForms.post(this.http, path, csrf.cookie(), fields)
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.contentType("text/html;charset=UTF-8")
				.expectCookie()
				.doesNotExist(LoginForms.SESSION_COOKIE)
				.expectBody(String.class)
				.value((body) -> assertThat(body).as(path).contains("Request refused"));
		}
	}

	@Test
	void passkeyPostsWhenFromAnotherSiteNotAFormOrWrongMethodThenRefusedAsTheOtherForms() {
		Csrf csrf = LoginForms.csrf(this.http);
		MultiValueMap<String, String> fields = credential(csrf, "some-mfa-token", "{}");
		for (String path : PASSKEY_POSTS) {
			this.http.post()
				.uri(path)
				.cookie(LoginForms.CSRF_COOKIE, csrf.cookie())
				.header(HttpHeaders.ORIGIN, "https://evil.example")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.bodyValue(fields)
				.exchange()
				.expectStatus()
				.isForbidden();
			this.http.post()
				.uri(path)
				.cookie(LoginForms.CSRF_COOKIE, csrf.cookie())
				.header("Sec-Fetch-Site", "cross-site")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.bodyValue(fields)
				.exchange()
				.expectStatus()
				.isForbidden();
			this.http.post()
				.uri(path)
				.cookie(LoginForms.CSRF_COOKIE, csrf.cookie())
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"_csrf\": \"" + csrf.token() + "\"}")
				.exchange()
				.expectStatus()
				.isForbidden();
			this.http.post()
				.uri(path)
				.cookie(LoginForms.CSRF_COOKIE, csrf.cookie())
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.bodyValue("_csrf=%zz")
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType("text/html;charset=UTF-8");
			EntityExchangeResult<String> wrongMethod = this.http.get()
				.uri(path)
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
				.expectHeader()
				.contentType("text/html;charset=UTF-8")
				.expectBody(String.class)
				.returnResult();
			assertThat(wrongMethod.getResponseHeaders().getAllow()).as(path).containsExactly(HttpMethod.POST);
		}
		this.http.post()
			.uri(LoginRoutes.PASSKEY_SCRIPT)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
	}

	@Test
	void passkeyOptionsWhenFetchedAsTheScriptDoesThenTheApisOptions() {
		// What Chromium sends for the script's fetch under Referrer-Policy: no-referrer.
		Csrf csrf = LoginForms.csrf(this.http);
		this.http.post()
			.uri(LoginRoutes.LOGIN_PASSKEY_OPTIONS)
			.cookie(LoginForms.CSRF_COOKIE, csrf.cookie())
			.header(HttpHeaders.ORIGIN, "null")
			.header("Sec-Fetch-Site", "same-origin")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue(credential(csrf, null, null))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.cacheControl(CacheControl.noStore())
			.expectBody(JSON_OBJECT)
			.value((options) -> assertThat(options).containsEntry("rpId", "localhost")
				.containsEntry("userVerification", "required")
				.containsEntry("allowCredentials", List.of())
				.containsKey("challenge"));
	}

	@Test
	void passkeyWhenCredentialIsNoJsonOrNoAssertionThen400AndTheLoginPageWithAMessage() {
		Csrf csrf = LoginForms.csrf(this.http);
		for (String credential : new String[] { "not json", "{", "{\"id\": \"AAAA\"}", "[]", "", "x".repeat(9000) }) {
			MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
			fields.add("_csrf", csrf.token());
			fields.add(PasskeySignInHandler.CREDENTIAL, credential);
			LoginForms.post(this.http, LoginRoutes.LOGIN_PASSKEY, csrf.cookie(), fields)
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType("text/html;charset=UTF-8")
				.expectCookie()
				.doesNotExist(LoginForms.SESSION_COOKIE)
				.expectBody(String.class)
				.value((body) -> assertThat(body).as(credential)
					.contains(PasskeySignInHandler.UNREADABLE)
					.contains("id=\"password\""));
		}
	}

	@Test
	void passkeyWhenAssertionVerifiesThenSignedInAndIdTokenCarriesAmrWebauthnAndAReplayIsRefused() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("page-pk");
		SoftwareAuthenticator authenticator = registered(this.client.registerAndLogin(user));
		Csrf csrf = LoginForms.csrf(this.http);
		String assertion = authenticator.assertion(options(csrf, LoginRoutes.LOGIN_PASSKEY_OPTIONS, null));

		EntityExchangeResult<Void> signedIn = LoginForms
			.post(this.http, LoginRoutes.LOGIN_PASSKEY, csrf.cookie(), credential(csrf, null, assertion))
			.expectStatus()
			.isSeeOther()
			.expectHeader()
			.location("/")
			.expectBody()
			.isEmpty();
		ResponseCookie session = signedIn.getResponseCookies().getFirst(LoginForms.SESSION_COOKIE);
		assertThat(session).isNotNull();
		assertThat(amr((String) tokens(session.getValue()).get("id_token"))).containsExactly("webauthn");

		LoginForms.post(this.http, LoginRoutes.LOGIN_PASSKEY, csrf.cookie(), credential(csrf, null, assertion))
			.expectStatus()
			.isOk()
			.expectCookie()
			.doesNotExist(LoginForms.SESSION_COOKIE)
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains(PasskeySignInHandler.REFUSED).contains("id=\"password\""));
	}

	@Test
	void passkeyWhenCounterDoesNotGrowOrAccountDisabledThenTheFormAgainAuditedAsTheApiDoes() {
		TestUsers.Credentials user = TestUsers.unique("page-pk-audit");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		UUID userId = UUID.fromString((String) this.client.me(api.accessToken())
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("id"));
		SoftwareAuthenticator authenticator = registered(api);
		Csrf csrf = LoginForms.csrf(this.http);
		LoginForms
			.post(this.http, LoginRoutes.LOGIN_PASSKEY, csrf.cookie(),
					credential(csrf, null,
							authenticator.assertion(options(csrf, LoginRoutes.LOGIN_PASSKEY_OPTIONS, null))))
			.expectStatus()
			.isSeeOther();
		assertThat(eventsOf(userId)).containsSubsequence("passkey_login", "login_succeeded");

		String cloned = authenticator.assertion(
				(String) options(csrf, LoginRoutes.LOGIN_PASSKEY_OPTIONS, null).get("challenge"), ISSUER,
				authenticator.counter(), authenticator.userHandle());
		LoginForms.post(this.http, LoginRoutes.LOGIN_PASSKEY, csrf.cookie(), credential(csrf, null, cloned))
			.expectStatus()
			.isOk()
			.expectCookie()
			.doesNotExist(LoginForms.SESSION_COOKIE)
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains(PasskeySignInHandler.REFUSED));
		assertThat(eventsOf(userId)).last().isEqualTo("passkey_refused");

		OperatorCalls.admin(this.http, HttpMethod.POST, OperatorCalls.USERS + "/" + userId + "/disable")
			.expectStatus()
			.isNoContent();
		LoginForms
			.post(this.http, LoginRoutes.LOGIN_PASSKEY, csrf.cookie(),
					credential(csrf, null,
							authenticator.assertion(options(csrf, LoginRoutes.LOGIN_PASSKEY_OPTIONS, null))))
			.expectStatus()
			.isForbidden()
			.expectCookie()
			.doesNotExist(LoginForms.SESSION_COOKIE)
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains(LoginHandler.DISABLED));
	}

	@Test
	void codePageWhenTheAccountHasAPasskeyThenItAnswersTheSecondStepWithAmrPwdWebauthn() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("page-pk-2f");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		Authenticator.enroll(this.client, api.accessToken(), user);
		SoftwareAuthenticator authenticator = registered(api).presenceOnly();
		Csrf csrf = LoginForms.csrf(this.http);
		String page = LoginForms.post(this.http, LoginRoutes.LOGIN, csrf.cookie(), LoginForms.signIn(csrf, user, null))
			.expectStatus()
			.isOk()
			.expectHeader()
			.value("Content-Security-Policy", (policy) -> assertThat(policy).contains("script-src 'self'"))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).contains("action=\"/login/code/passkey\"")
			.contains("id=\"passkey\" class=\"secondary\" hidden");
		Matcher mfaToken = MFA_TOKEN.matcher(page);
		assertThat(mfaToken.find()).as(page).isTrue();
		String assertion = authenticator
			.assertion(options(csrf, LoginRoutes.LOGIN_CODE_PASSKEY_OPTIONS, mfaToken.group(1)));

		EntityExchangeResult<Void> signedIn = LoginForms
			.post(this.http, LoginRoutes.LOGIN_CODE_PASSKEY, csrf.cookie(),
					credential(csrf, mfaToken.group(1), assertion))
			.expectStatus()
			.isSeeOther()
			.expectBody()
			.isEmpty();
		ResponseCookie session = signedIn.getResponseCookies().getFirst(LoginForms.SESSION_COOKIE);
		assertThat(session).isNotNull();
		assertThat(amr((String) tokens(session.getValue()).get("id_token"))).containsExactly("pwd", "webauthn");
	}

	@Test
	void codePageWhenTheAccountHasNoPasskeyThenNoPasskeyButton() {
		TestUsers.Credentials user = TestUsers.unique("page-pk-none");
		Authenticator.enroll(this.client, this.client.registerAndLogin(user).accessToken(), user);
		Csrf csrf = LoginForms.csrf(this.http);
		LoginForms.post(this.http, LoginRoutes.LOGIN, csrf.cookie(), LoginForms.signIn(csrf, user, null))
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("autocomplete=\"one-time-code\"")
				.doesNotContain("id=\"passkey\"")
				.doesNotContain("<script"));
	}

	@Test
	void codePasskeyWhenCredentialIsNoAssertionThen400AndTheCodeFormAgain() {
		TestUsers.Credentials user = TestUsers.unique("page-pk-2f-bad");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		Authenticator.enroll(this.client, api.accessToken(), user);
		registered(api);
		Csrf csrf = LoginForms.csrf(this.http);
		String page = LoginForms.post(this.http, LoginRoutes.LOGIN, csrf.cookie(), LoginForms.signIn(csrf, user, null))
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		Matcher mfaToken = MFA_TOKEN.matcher(page);
		assertThat(mfaToken.find()).as(page).isTrue();

		for (String credential : new String[] { "not json", "{\"id\": \"AAAA\"}" }) {
			LoginForms
				.post(this.http, LoginRoutes.LOGIN_CODE_PASSKEY, csrf.cookie(),
						credential(csrf, mfaToken.group(1), credential))
				.expectStatus()
				.isBadRequest()
				.expectCookie()
				.doesNotExist(LoginForms.SESSION_COOKIE)
				.expectBody(String.class)
				.value((body) -> assertThat(body).contains(PasskeySignInHandler.UNREADABLE)
					.contains("autocomplete=\"one-time-code\"")
					.contains("id=\"passkey\""));
		}
	}

	private SoftwareAuthenticator registered(AuthClient.Tokens api) {
		SoftwareAuthenticator authenticator = new SoftwareAuthenticator("localhost", ISSUER);
		Map<String, Object> options = this.client
			.withToken("POST", "/api/v1/users/me/passkeys/registration-options", api.accessToken(), null)
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		this.client
			.withToken("POST", "/api/v1/users/me/passkeys", api.accessToken(),
					"{\"credential\": " + authenticator.register(options) + "}")
			.expectStatus()
			.isCreated();
		return authenticator;
	}

	private Map<String, Object> options(Csrf csrf, String path, String mfaToken) {
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		fields.add("_csrf", csrf.token());
		if (mfaToken != null) {
			fields.add("mfa_token", mfaToken);
		}
		return LoginForms.post(this.http, path, csrf.cookie(), fields)
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("application/json")
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	private static MultiValueMap<String, String> credential(Csrf csrf, String mfaToken, String credential) {
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		fields.add("_csrf", csrf.token());
		if (mfaToken != null) {
			fields.add("mfa_token", mfaToken);
		}
		if (credential != null) {
			fields.add(PasskeySignInHandler.CREDENTIAL, credential);
		}
		return fields;
	}

	private Map<String, Object> tokens(String sessionCookie) {
		Map<String, Object> app = register(this.http, offlineApp("passkey page app", "client_secret_basic"));
		String code = params(
				redirect(authorize(this.http, sessionCookie, query("client_id", (String) app.get("client_id"),
						"redirect_uri", CALLBACK, "response_type", "code", "scope", "openid", "state", "s"))))
			.getFirst("code");
		return exchange(this.http, basicOf(app),
				query("grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK))
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	private List<String> eventsOf(UUID userId) {
		return AuditTrail.events(this.db, userId);
	}

	private static List<String> amr(String jwt) throws Exception {
		return SignedJWT.parse(jwt).getJWTClaimsSet().getStringListClaim("amr");
	}

}
