package dev.authflux.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.authflux.support.AuthClient;
import dev.authflux.support.AuthClient.Tokens;
import dev.authflux.support.TestUsers;
import dev.authflux.support.TestUsers.Credentials;
import dev.authflux.support.TwoInstanceTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.authflux.support.OperatorCalls.JSON_OBJECT;
import static dev.authflux.support.OperatorCalls.USERS;
import static dev.authflux.support.OperatorCalls.admin;
import static dev.authflux.support.OperatorCalls.found;
import static dev.authflux.support.OperatorCalls.introspect;
import static dev.authflux.support.OperatorCalls.liveSessionsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator does to an account, as its owner sees it on two instances: disable it
 * (every token of the user dies at once, on both, logins racing the disable included),
 * enable it, end its sessions, and clear a lockout. OperatorApiE2ETests covers the
 * operator API itself.
 */
@Tag("e2e")
class OperatorAccountActionsE2ETests extends TwoInstanceTest {

	private static final int LOGINS_IN_RACE = 12;

	@Autowired
	private DatabaseClient db;

	@Test
	void disableKillsEveryTokenOfTheUserOnTwoInstancesAtOnce() {
		Credentials user = TestUsers.unique("stolen");
		String id = (String) this.here.register(user).get("id");
		Tokens phone = this.here.login(user);
		Tokens laptop = this.there.login(user);
		String compat = compatToken(this.there, user);
		List<String> accessTokens = List.of(phone.accessToken(), laptop.accessToken(), compat);
		// Both instances have every session cached as live.
		for (String token : accessTokens) {
			this.here.me(token).expectStatus().isOk();
			this.there.me(token).expectStatus().isOk();
		}
		Credentials bystander = TestUsers.unique("bystander");
		Tokens unaffected = this.here.registerAndLogin(bystander);
		this.there.me(unaffected.accessToken()).expectStatus().isOk();

		admin(this.http, HttpMethod.POST, USERS + "/" + id + "/disable").expectStatus().isNoContent();

		// The instance that disabled answers only after it forgot the sessions.
		accessTokens.forEach(this.here::assertAccessTokenRejected);
		await().untilAsserted(() -> accessTokens.forEach(this.there::assertAccessTokenRejected));
		for (String token : accessTokens) {
			introspect(this.http, token).jsonPath("$.active").isEqualTo(false);
		}
		this.here.refresh(phone.refreshToken())
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_refresh_token");
		this.there.refresh(laptop.refreshToken()).expectStatus().isUnauthorized();
		this.here.me(unaffected.accessToken()).expectStatus().isOk();
		this.there.me(unaffected.accessToken()).expectStatus().isOk();
		assertThat(liveSessionsOf(this.db, id)).isZero();
	}

	/**
	 * Logins that verified the password before the disable, but create their session
	 * after it, must not leave a live session behind: each is either ended by the disable
	 * or refused.
	 */
	@Test
	void loginsRacingTheDisableLeaveNoLiveSession() throws Exception {
		Credentials user = TestUsers.unique("racing");
		String id = (String) this.here.register(user).get("id");
		ExecutorService clients = Executors.newFixedThreadPool(LOGINS_IN_RACE);
		try {
			List<Future<EntityExchangeResult<Map<String, Object>>>> logins = new ArrayList<>();
			for (int i = 0; i < LOGINS_IN_RACE; i++) {
				WebTestClient instance = (i % 2 == 0) ? this.http : other.http();
				logins.add(clients.submit(() -> instance.post()
					.uri("/api/v1/sessions")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(user.json())
					.exchange()
					.expectBody(JSON_OBJECT)
					.returnResult()));
			}
			admin(this.http, HttpMethod.POST, USERS + "/" + id + "/disable").expectStatus().isNoContent();
			for (Future<EntityExchangeResult<Map<String, Object>>> login : logins) {
				EntityExchangeResult<Map<String, Object>> result = login.get(60, TimeUnit.SECONDS);
				assertThat(result.getStatus().value()).isIn(201, 401, 403, 503);
				if (result.getStatus().value() == 201) {
					String token = (String) result.getResponseBody().get("access_token");
					await().untilAsserted(() -> {
						this.here.assertAccessTokenRejected(token);
						this.there.assertAccessTokenRejected(token);
					});
				}
			}
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(liveSessionsOf(this.db, id)).isZero();
		this.here.post("/api/v1/sessions", user.json()).expectStatus().isForbidden();
	}

	@Test
	void aDisabledAccountsRightPasswordIsRefusedAndAWrongOneLooksAsUsual() {
		Credentials user = TestUsers.unique("disabled");
		String id = (String) this.here.register(user).get("id");
		admin(this.http, HttpMethod.POST, USERS + "/" + id + "/disable").expectStatus().isNoContent();
		Credentials wrong = new Credentials(user.username(), "not the password");

		for (AuthClient client : List.of(this.here, this.there)) {
			client.post("/api/v1/sessions", user.json())
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("account_disabled")
				.jsonPath("$.status")
				.isEqualTo(403);
			client.post("/api/v1/sessions", wrong.json())
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("invalid_credentials");
			client.post("/api/auth", user.json())
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.contentType(MediaType.APPLICATION_JSON)
				.expectBody(JSON_OBJECT)
				.isEqualTo(Map.of("errors", "This account is disabled."));
			client.post("/api/auth", wrong.json()).expectStatus().isUnauthorized();
		}
		// Disabling again keeps the account disabled, and still answers 204.
		admin(other.http(), HttpMethod.POST, USERS + "/" + id + "/disable").expectStatus().isNoContent();
		this.here.post("/api/v1/sessions", user.json()).expectStatus().isForbidden();
		assertThat(liveSessionsOf(this.db, id)).isZero();
	}

	@Test
	void enableLetsTheOwnerLogInAgain() {
		Credentials user = TestUsers.unique("enabled");
		String id = (String) this.here.register(user).get("id");
		admin(this.http, HttpMethod.POST, USERS + "/" + id + "/disable").expectStatus().isNoContent();
		assertThat(found(this.http, user.username())).containsEntry("disabled", true);

		admin(this.http, HttpMethod.POST, USERS + "/" + id + "/enable").expectStatus().isNoContent();

		assertThat(found(this.http, user.username())).containsEntry("disabled", false);
		this.here.me(this.here.login(user).accessToken()).expectStatus().isOk();
		this.there.me(this.there.login(user).accessToken()).expectStatus().isOk();
		// Enabling an enabled account changes nothing.
		admin(this.http, HttpMethod.POST, USERS + "/" + id + "/enable").expectStatus().isNoContent();
		this.here.login(user);
	}

	@Test
	void endSessionsRevokesEveryTokenButTheAccountStillLogsIn() {
		Credentials user = TestUsers.unique("ended");
		String id = (String) this.here.register(user).get("id");
		Tokens phone = this.here.login(user);
		Tokens laptop = this.there.login(user);
		this.there.me(phone.accessToken()).expectStatus().isOk();
		this.there.me(laptop.accessToken()).expectStatus().isOk();

		admin(this.http, HttpMethod.DELETE, USERS + "/" + id + "/sessions").expectStatus().isNoContent();

		this.here.assertAccessTokenRejected(phone.accessToken());
		this.here.assertAccessTokenRejected(laptop.accessToken());
		await().untilAsserted(() -> {
			this.there.assertAccessTokenRejected(phone.accessToken());
			this.there.assertAccessTokenRejected(laptop.accessToken());
		});
		this.here.refresh(laptop.refreshToken()).expectStatus().isUnauthorized();
		this.here.me(this.here.login(user).accessToken()).expectStatus().isOk();
		// A user without sessions: still 204.
		String idle = (String) this.here.register(TestUsers.unique("idle")).get("id");
		admin(other.http(), HttpMethod.DELETE, USERS + "/" + idle + "/sessions").expectStatus().isNoContent();
	}

	@Test
	void clearingLoginFailuresLetsTheLockedOutOwnerInAtOnce() {
		Credentials user = TestUsers.unique("lockedout");
		String id = (String) this.here.register(user).get("id");
		Credentials wrong = new Credentials(user.username(), "not the password");
		for (int i = 0; i < 5; i++) {
			this.here.post("/api/v1/sessions", wrong.json()).expectStatus().isUnauthorized();
		}
		this.here.post("/api/v1/sessions", user.json())
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER);

		admin(this.http, HttpMethod.DELETE, USERS + "/" + id + "/login-failures").expectStatus().isNoContent();

		this.here.login(user);
		this.there.login(user);
		// Nothing left to clear: still 204.
		admin(other.http(), HttpMethod.DELETE, USERS + "/" + id + "/login-failures").expectStatus().isNoContent();
	}

	private static String compatToken(AuthClient client, Credentials user) {
		return (String) client.post("/api/auth", user.json())
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("token");
	}

}
