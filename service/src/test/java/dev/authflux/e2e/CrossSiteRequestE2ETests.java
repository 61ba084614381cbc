package dev.authflux.e2e;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.AuthClient.Tokens;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a web page can make its visitors' browsers send to another site without a CORS
 * preflight: a body declared {@code text/plain}, a form, or no type at all (the Fetch
 * standard's CORS-safelisted request headers). Every state-changing JSON endpoint of the
 * API refuses such a request with 415 before acting on it, even when its body is a JSON
 * request that would succeed.
 */
@Tag("e2e")
class CrossSiteRequestE2ETests extends ApplicationTest {

	/** {@code null}: no {@code Content-Type} header. */
	private static final List<String> SIMPLE_TYPES = Arrays.asList("text/plain", "text/plain;charset=UTF-8",
			"application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null);

	private AuthClient client;

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@Test
	void aCrossSiteTextPlainPostCannotRegister() {
		TestUsers.Credentials user = TestUsers.unique("cross-site");
		for (String type : SIMPLE_TYPES) {
			assertRefused(this.client.send(HttpMethod.POST, "/api/v1/users", type, user.json(), null), type);
		}
		this.client.register(user);
	}

	@Test
	void aCrossSiteTextPlainPostCannotLogIn() {
		TestUsers.Credentials user = TestUsers.unique("cross-site");
		this.client.register(user);
		for (String type : SIMPLE_TYPES) {
			assertRefused(this.client.send(HttpMethod.POST, "/api/v1/sessions", type, user.json(), null), type);
		}
		Tokens own = this.client.login(user);
		assertThat(sessionsOf(own)).as("sessions of the user: only the one of their own login").hasSize(1);
	}

	@Test
	void aCrossSiteTextPlainPostCannotUseARefreshToken() {
		Tokens tokens = this.client.registerAndLogin(TestUsers.unique("cross-site"));
		String body = "{\"refresh_token\":\"" + tokens.refreshToken() + "\"}";
		for (String type : SIMPLE_TYPES) {
			assertRefused(this.client.send(HttpMethod.POST, "/api/v1/sessions/refresh", type, body, null), type);
		}
		// Not spent: the first use by the client itself rotates it, not a reuse.
		this.client.refreshed(tokens.refreshToken());
	}

	@Test
	void aTextPlainBodyCannotChangeThePasswordOrDeleteTheAccount() {
		TestUsers.Credentials user = TestUsers.unique("cross-site");
		Tokens tokens = this.client.registerAndLogin(user);
		String change = "{\"current_password\":\"" + user.password() + "\",\"new_password\":\"" + user.password()
				+ " changed\"}";
		String deletion = "{\"password\":\"" + user.password() + "\"}";
		for (String type : SIMPLE_TYPES) {
			assertRefused(
					this.client.send(HttpMethod.PUT, "/api/v1/users/me/password", type, change, tokens.accessToken()),
					type);
			assertRefused(this.client.send(HttpMethod.DELETE, "/api/v1/users/me", type, deletion, tokens.accessToken()),
					type);
		}
		this.client.me(tokens.accessToken()).expectStatus().isOk();
		this.client.login(user);
	}

	private List<?> sessionsOf(Tokens tokens) {
		Map<?, ?> body = this.client.withToken("GET", "/api/v1/sessions", tokens.accessToken(), null)
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (List<?>) body.get("sessions");
	}

	private static void assertRefused(WebTestClient.ResponseSpec response, String type) {
		response.expectStatus()
			.isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.value((code) -> assertThat(code).as("code for Content-Type %s", type).isEqualTo("unsupported_media_type"));
	}

}
