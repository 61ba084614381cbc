package dev.authflux.login;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.LoginForms;
import dev.authflux.support.LoginForms.Csrf;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

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
