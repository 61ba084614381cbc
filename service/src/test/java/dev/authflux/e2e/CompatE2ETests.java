package dev.authflux.e2e;

import java.util.Map;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/auth} as the original service's clients and load test use it. */
@Tag("e2e")
class CompatE2ETests extends ApplicationTest {

	private AuthClient client;

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@Test
	void firstUseRegistersThenLogsInAndTheTokenWorks() {
		TestUsers.Credentials user = TestUsers.unique("legacy");
		String first = token(user);
		String second = token(user);
		assertThat(first).isNotEqualTo(second);
		this.client.me(first).expectStatus().isOk().expectBody().jsonPath("$.username").isEqualTo(user.username());
		// The account is a real one: the new API logs it in with the same password.
		this.client.login(user);
	}

	@Test
	void wrongPasswordIs401WithTheOriginalErrorBody() {
		TestUsers.Credentials user = TestUsers.unique("legacy");
		token(user);
		this.client.post("/api/auth", new TestUsers.Credentials(user.username(), "not the password").json())
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.errors")
			.isEqualTo("The username or password is incorrect.");
	}

	@Test
	void badBodiesAre400WithTheOriginalErrorBody() {
		for (String body : new String[] { "{", "{}", "{\"username\":\"x\",\"password\":\"p\"}", "[]" }) {
			this.client.post("/api/auth", body)
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors")
				.isNotEmpty()
				.jsonPath("$.code")
				.doesNotExist();
		}
	}

	/**
	 * A web page can make its visitors' browsers post {@code text/plain}, a form or a
	 * body without a type to any site without a CORS preflight; were such a body read as
	 * JSON, the page could register accounts (and obtain their tokens' effect) in the
	 * visitor's name.
	 */
	@Test
	void aCrossSiteTextPlainPostCannotRegister() {
		assertCannotRegister("text/plain");
		assertCannotRegister("text/plain;charset=UTF-8");
	}

	@Test
	void aCrossSiteFormPostCannotRegister() {
		assertCannotRegister("application/x-www-form-urlencoded");
		assertCannotRegister("multipart/form-data; boundary=x");
	}

	@Test
	void aPostWithoutContentTypeCannotRegister() {
		assertCannotRegister(null);
	}

	@Test
	void jsonWithACharsetIsAccepted() {
		TestUsers.Credentials user = TestUsers.unique("legacy");
		this.client.send(HttpMethod.POST, "/api/auth", "application/json; charset=utf-8", user.json(), null)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.token")
			.isNotEmpty();
	}

	/** 415 in the original error shape, and the name stays free. */
	private void assertCannotRegister(String contentType) {
		TestUsers.Credentials user = TestUsers.unique("cross-site");
		this.client.send(HttpMethod.POST, "/api/auth", contentType, user.json(), null)
			.expectStatus()
			.isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.errors")
			.isEqualTo("The request's content type is not supported here.")
			.jsonPath("$.code")
			.doesNotExist();
		this.client.register(user);
	}

	private String token(TestUsers.Credentials user) {
		Map<String, String> body = this.client.post("/api/auth", user.json())
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, String>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(body).containsOnlyKeys("token");
		return body.get("token");
	}

}
