package dev.authflux.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login page's form as plain HTTP: fetch the page for its CSRF cookie and token, then
 * post what a browser would (or would not) send.
 */
public final class LoginForms {

	public static final String CSRF_COOKIE = "authflux_csrf";

	public static final String SESSION_COOKIE = "authflux_session";

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private LoginForms() {
	}

	/** The CSRF cookie a fresh visit to the login page gets, and the form's token. */
	public static Csrf csrf(WebTestClient http) {
		EntityExchangeResult<String> page = http.get()
			.uri("/login")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();
		ResponseCookie cookie = page.getResponseCookies().getFirst(CSRF_COOKIE);
		assertThat(cookie).as("CSRF cookie").isNotNull();
		Matcher field = CSRF_FIELD.matcher(page.getResponseBody());
		assertThat(field.find()).as("CSRF field in " + page.getResponseBody()).isTrue();
		return new Csrf(cookie.getValue(), field.group(1));
	}

	/** A form post with the CSRF cookie and the given fields, nothing else. */
	public static WebTestClient.ResponseSpec post(WebTestClient http, String path, String csrfCookie,
			MultiValueMap<String, String> fields) {
		WebTestClient.RequestBodySpec request = http.post().uri(path);
		if (csrfCookie != null) {
			request.cookie(CSRF_COOKIE, csrfCookie);
		}
		return request.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(fields))
			.exchange();
	}

	/** The sign-in form's fields. */
	public static MultiValueMap<String, String> signIn(Csrf csrf, TestUsers.Credentials user, String returnTo) {
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		fields.add("_csrf", csrf.token());
		fields.add("username", user.username());
		fields.add("password", user.password());
		if (returnTo != null) {
			fields.add("return_to", returnTo);
		}
		return fields;
	}

	/** A browser's CSRF cookie and the token its page's form carries. */
	public record Csrf(String cookie, String token) {
	}

}
