package dev.authflux.e2e;

import java.util.Map;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.TestUsers;
import dev.authflux.support.TestUsers.Credentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * New passwords are checked as NIST SP 800-63B §5.1.1.2 asks (a breached-password list,
 * the username, no composition rules), and a password is the same password in any Unicode
 * form it is typed in.
 */
@Tag("e2e")
class PasswordPolicyE2ETests extends ApplicationTest {

	/** {@code crème brûlée} with precomposed letters, as most keyboards type it. */
	private static final String COMPOSED = "cr\u00e8me br\u00fbl\u00e9e for two";

	/** The same, each accent a combining mark after its letter (NFD). */
	private static final String DECOMPOSED = "cre\u0300me bru\u0302le\u0301e for two";

	private static final String TOO_COMMON = "is too common: it is on a list of breached passwords";

	private AuthClient client;

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@ParameterizedTest
	@ValueSource(strings = { "password", "12345678", "qwertyuiop", "iloveyou1", "Password1",
			"\uff50\uff41\uff53\uff53\uff57\uff4f\uff52\uff44" })
	void passwordIsRefused(String common) {
		Credentials fresh = TestUsers.unique("common");
		refused(this.client.post("/api/v1/users", new Credentials(fresh.username(), common).json()), "password",
				TOO_COMMON);
		// Nothing was created: the name is still free for a good password.
		this.client.register(fresh);
	}

	@Test
	void passwordContainingTheUsernameIsRefused() {
		String username = TestUsers.unique("Mallory").username();
		refused(this.client.post("/api/v1/users", new Credentials(username, "my name is " + username).json()),
				"password", "must not contain the username");
	}

	@Test
	void commonNewPasswordIsRefusedAndTheOldOneStaysValid() {
		Credentials user = TestUsers.unique("changer");
		AuthClient.Tokens tokens = this.client.registerAndLogin(user);
		refused(this.client.withToken("PUT", "/api/v1/users/me/password", tokens.accessToken(),
				"{\"current_password\":\"" + user.password() + "\",\"new_password\":\"qwertyuiop\"}"), "new_password",
				TOO_COMMON);
		this.client.login(user);
		this.client.me(tokens.accessToken()).expectStatus().isOk();
	}

	@Test
	void compatEndpointRefusesACommonPasswordForANewNameInItsOwnFormat() {
		Credentials user = new Credentials(TestUsers.unique("legacy-common").username(), "iloveyou1");
		Map<String, Object> body = this.http.post()
			.uri("/api/auth")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(user.json())
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(body).containsExactly(Map.entry("errors", "password " + TOO_COMMON));
		this.client.post("/api/v1/sessions", user.json()).expectStatus().isUnauthorized();
	}

	@Test
	void nfkcRoundTripComposedRegistrationLogsInDecomposed() {
		Credentials composed = new Credentials(TestUsers.unique("composed").username(), COMPOSED);
		this.client.register(composed);
		this.client.login(new Credentials(composed.username(), DECOMPOSED));
		this.client.login(composed);
	}

	@Test
	void nfkcRoundTripDecomposedRegistrationLogsInComposed() {
		Credentials decomposed = new Credentials(TestUsers.unique("decomposed").username(), DECOMPOSED);
		this.client.register(decomposed);
		this.client.login(new Credentials(decomposed.username(), COMPOSED));
		this.client.login(decomposed);
	}

	@Test
	void nfkcRoundTripThroughAPasswordChange() {
		Credentials user = TestUsers.unique("nfkc-change");
		AuthClient.Tokens tokens = this.client.registerAndLogin(user);
		this.client
			.withToken("PUT", "/api/v1/users/me/password", tokens.accessToken(),
					"{\"current_password\":\"" + user.password() + "\",\"new_password\":\"" + DECOMPOSED + "\"}")
			.expectStatus()
			.isNoContent();
		this.client.login(new Credentials(user.username(), COMPOSED));
	}

	private static void refused(WebTestClient.ResponseSpec response, String field, String message) {
		response.expectStatus()
			.isEqualTo(HttpStatus.BAD_REQUEST)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("validation_failed")
			.jsonPath("$.errors.length()")
			.isEqualTo(1)
			.jsonPath("$.errors[0].field")
			.isEqualTo(field)
			.jsonPath("$.errors[0].message")
			.isEqualTo(message);
	}

}
