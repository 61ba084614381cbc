package dev.authflux.login;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.authflux.mfa.Authenticator;
import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.LoginForms;
import dev.authflux.support.LoginForms.Csrf;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The code form of the login page ({@code POST /login/code}) over plain HTTP: what a
 * forged, incomplete or stale post comes to. {@code SecondFactorBrowserTests} signs in
 * with it in a browser.
 */
@Tag("e2e")
class SecondFactorPageIntegrationTests extends ApplicationTest {

	private static final Pattern MFA_TOKEN = Pattern.compile("name=\"mfa_token\" value=\"([^\"]+)\"");

	@Test
	void codeWhenCsrfTokenMissingThenForbiddenPageAndNoSession() {
		Csrf csrf = LoginForms.csrf(this.http);
		MultiValueMap<String, String> fields = code(csrf, "some-mfa-token", "123456");
		fields.remove("_csrf");

		post(csrf, fields).expectStatus()
			.isForbidden()
			.expectCookie()
			.doesNotExist(LoginForms.SESSION_COOKIE)
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("Request refused"));
	}

	@Test
	void codeWhenMfaTokenUnknownThenTheSignInFormAgain() {
		Csrf csrf = LoginForms.csrf(this.http);

		post(csrf, code(csrf, "never-issued", "123456")).expectStatus()
			.isOk()
			.expectCookie()
			.doesNotExist(LoginForms.SESSION_COOKIE)
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains(LoginHandler.SIGN_IN_AGAIN).contains("id=\"password\""));
	}

	@Test
	void codeWhenMissingOrTooLongThen400AndTheCodeFormAgain() {
		Csrf csrf = LoginForms.csrf(this.http);

		for (String code : new String[] { "", "x".repeat(65) }) {
			post(csrf, code(csrf, "some-mfa-token", code)).expectStatus()
				.isBadRequest()
				.expectBody(String.class)
				.value((body) -> assertThat(body).contains("autocomplete=\"one-time-code\"")
					.contains("value=\"some-mfa-token\""));
		}
		post(csrf, code(csrf, "", "123456")).expectStatus().isBadRequest();
	}

	@Test
	void codeWhenTheAccountIsThrottledThen429WithRetryAfterAndTheCodeFormSaysHowLong() {
		TestUsers.Credentials user = TestUsers.unique("page-totp-throttled");
		AuthClient client = new AuthClient(this.http);
		Authenticator phone = Authenticator.enroll(client, client.registerAndLogin(user).accessToken(), user);
		Csrf csrf = LoginForms.csrf(this.http);
		String page = LoginForms.post(this.http, "/login", csrf.cookie(), LoginForms.signIn(csrf, user, null))
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		Matcher mfaToken = MFA_TOKEN.matcher(page);
		assertThat(mfaToken.find()).as(page).isTrue();
		String apiToken = (String) client.post("/api/v1/sessions", user.json())
			.expectStatus()
			.isOk()
			.expectBody(Authenticator.JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("mfa_token");
		for (int i = 0; i < 5; i++) {
			client
				.post("/api/v1/sessions/mfa",
						"{\"mfa_token\":\"" + apiToken + "\",\"totp_code\":\"" + phone.wrongCode() + "\"}")
				.expectStatus()
				.isUnauthorized();
		}

		post(csrf, code(csrf, mfaToken.group(1), phone.nextCode())).expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.exists("Retry-After")
			.expectCookie()
			.doesNotExist(LoginForms.SESSION_COOKIE)
			.expectBody(String.class)
			.value((body) -> assertThat(body)
				.containsPattern("Too many failed attempts\\. Try again in \\d+ seconds\\.")
				.contains("autocomplete=\"one-time-code\""));
	}

	private WebTestClient.ResponseSpec post(Csrf csrf, MultiValueMap<String, String> fields) {
		return LoginForms.post(this.http, "/login/code", csrf.cookie(), fields);
	}

	private static MultiValueMap<String, String> code(Csrf csrf, String mfaToken, String code) {
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		fields.add("_csrf", csrf.token());
		fields.add("mfa_token", mfaToken);
		fields.add("code", code);
		return fields;
	}

}
