package dev.authflux.e2e;

import java.util.List;
import java.util.Map;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.AuthClient.Tokens;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** The main flows of a user, over HTTP against the whole running application. */
@Tag("e2e")
class AuthFlowE2ETests extends ApplicationTest {

	private AuthClient client;

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@Test
	void registerLoginMeRefreshReuseAndLogout() {
		TestUsers.Credentials alice = TestUsers.alice();
		Map<String, Object> registered = this.client.register(alice);
		assertThat(registered).containsEntry("username", alice.username()).containsKeys("id", "created_at");
		assertThat(registered).doesNotContainKeys("password", "password_hash");

		Tokens login = this.client.login(alice);
		assertThat(login.body()).containsEntry("token_type", "Bearer")
			.containsEntry("expires_in", 600)
			.containsEntry("refresh_expires_in", 2592000);
		this.client.me(login.accessToken())
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(registered.get("id"))
			.jsonPath("$.username")
			.isEqualTo(alice.username());

		Tokens refreshed = this.client.refreshed(login.refreshToken());
		assertThat(refreshed.sessionId()).isEqualTo(login.sessionId());
		assertThat(refreshed.refreshToken()).isNotEqualTo(login.refreshToken());
		this.client.me(refreshed.accessToken()).expectStatus().isOk();

		// Reuse of the rotated token: refused, and the whole session dies with it.
		this.client.refresh(login.refreshToken())
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_refresh_token");
		this.client.refresh(refreshed.refreshToken()).expectStatus().isUnauthorized();
		this.client.assertAccessTokenRejected(refreshed.accessToken());

		Tokens second = this.client.login(alice);
		this.client.me(second.accessToken()).expectStatus().isOk();
		this.client.withToken("DELETE", "/api/v1/sessions/current", second.accessToken(), null)
			.expectStatus()
			.isNoContent();
		this.client.assertAccessTokenRejected(second.accessToken());
		this.client.refresh(second.refreshToken()).expectStatus().isUnauthorized();
	}

	@Test
	void loginWithUnknownUserOrWrongPasswordGivesTheSameAnswer() {
		TestUsers.Credentials bob = TestUsers.unique("bob");
		this.client.register(bob);
		byte[] wrongPassword = this.client
			.post("/api/v1/sessions", new TestUsers.Credentials(bob.username(), "not the password").json())
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.returnResult()
			.getResponseBody();
		byte[] unknownUser = this.client.post("/api/v1/sessions", TestUsers.unique("nobody").json())
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.returnResult()
			.getResponseBody();
		assertThat(new String(wrongPassword)).isEqualTo(new String(unknownUser)).contains("invalid_credentials");
	}

	@Test
	void usernamesAreUniqueIgnoringCaseAndKeepTheirFirstCase() {
		TestUsers.Credentials carol = TestUsers.unique("Carol");
		this.client.register(carol);
		this.client
			.post("/api/v1/users",
					new TestUsers.Credentials(carol.username().toUpperCase(java.util.Locale.ROOT), "another password")
						.json())
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("username_taken");
		Tokens tokens = this.client
			.login(new TestUsers.Credentials(carol.username().toLowerCase(java.util.Locale.ROOT), carol.password()));
		this.client.me(tokens.accessToken())
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.username")
			.isEqualTo(carol.username());
	}

	@Test
	void passwordChangeRevokesOtherSessionsButKeepsTheCallers() {
		TestUsers.Credentials dave = TestUsers.unique("dave");
		Tokens phone = this.client.registerAndLogin(dave);
		Tokens laptop = this.client.login(dave);
		this.client.me(phone.accessToken()).expectStatus().isOk();

		this.client
			.withToken("PUT", "/api/v1/users/me/password", laptop.accessToken(),
					"{\"current_password\":\"wrong password\",\"new_password\":\"a brand new password\"}")
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_credentials");
		this.client.me(laptop.accessToken()).expectStatus().isOk();

		this.client
			.withToken("PUT", "/api/v1/users/me/password", laptop.accessToken(),
					"{\"current_password\":\"" + dave.password() + "\",\"new_password\":\"a brand new password\"}")
			.expectStatus()
			.isNoContent();

		this.client.me(laptop.accessToken()).expectStatus().isOk();
		this.client.refreshed(laptop.refreshToken());
		this.client.assertAccessTokenRejected(phone.accessToken());
		this.client.refresh(phone.refreshToken()).expectStatus().isUnauthorized();
		this.client.post("/api/v1/sessions", dave.json()).expectStatus().isUnauthorized();
		this.client.login(new TestUsers.Credentials(dave.username(), "a brand new password"));
	}

	@Test
	void deletingTheAccountEndsItsTokensAndFreesTheName() {
		TestUsers.Credentials erin = TestUsers.unique("erin");
		Tokens first = this.client.registerAndLogin(erin);
		Tokens other = this.client.login(erin);
		this.client.me(other.accessToken()).expectStatus().isOk();

		this.client.withToken("DELETE", "/api/v1/users/me", first.accessToken(), "{\"password\":\"wrong password\"}")
			.expectStatus()
			.isUnauthorized();
		this.client
			.withToken("DELETE", "/api/v1/users/me", first.accessToken(), "{\"password\":\"" + erin.password() + "\"}")
			.expectStatus()
			.isNoContent();

		this.client.assertAccessTokenRejected(first.accessToken());
		this.client.assertAccessTokenRejected(other.accessToken());
		this.client.refresh(other.refreshToken()).expectStatus().isUnauthorized();
		this.client.post("/api/v1/sessions", erin.json()).expectStatus().isUnauthorized();
		this.client.register(erin);
	}

	@Test
	void sessionsAreListedAndRevokedByTheirOwnerOnly() {
		TestUsers.Credentials frank = TestUsers.unique("frank");
		Tokens first = this.client.registerAndLogin(frank);
		Tokens second = this.client.login(frank);
		Tokens stranger = this.client.registerAndLogin(TestUsers.unique("grace"));

		List<Map<String, Object>> sessions = this.client.withToken("GET", "/api/v1/sessions", first.accessToken(), null)
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, List<Map<String, Object>>>>() {
			})
			.returnResult()
			.getResponseBody()
			.get("sessions");
		assertThat(sessions).extracting((s) -> s.get("id"))
			.containsExactlyInAnyOrder(first.sessionId(), second.sessionId());
		assertThat(sessions).filteredOn((s) -> Boolean.TRUE.equals(s.get("current")))
			.extracting((s) -> s.get("id"))
			.containsExactly(first.sessionId());
		assertThat(sessions.get(0)).containsKeys("created_at", "last_used_at", "expires_at", "user_agent", "ip")
			.containsEntry("kind", "api")
			.containsEntry("client_id", null);

		this.client.withToken("DELETE", "/api/v1/sessions/" + first.sessionId(), stranger.accessToken(), null)
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("not_found");
		this.client.me(first.accessToken()).expectStatus().isOk();

		this.client.me(second.accessToken()).expectStatus().isOk();
		this.client.withToken("DELETE", "/api/v1/sessions/" + second.sessionId(), first.accessToken(), null)
			.expectStatus()
			.isNoContent();
		this.client.assertAccessTokenRejected(second.accessToken());
		this.client.me(first.accessToken()).expectStatus().isOk();

		this.client.withToken("DELETE", "/api/v1/sessions", first.accessToken(), null).expectStatus().isNoContent();
		this.client.assertAccessTokenRejected(first.accessToken());
		this.client.me(stranger.accessToken()).expectStatus().isOk();
	}

}
