package dev.authflux.e2e;

import java.sql.Connection;
import java.time.Duration;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.AuthClient.Tokens;
import dev.authflux.support.HttpCalls;
import dev.authflux.support.HttpCalls.Answer;
import dev.authflux.support.TestDatabase;
import dev.authflux.support.TestUsers;
import dev.authflux.support.TestUsers.Credentials;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that race each other over HTTP, all sent at once: whatever order the service
 * runs them in, the outcome is one the contract allows and the state afterwards is
 * consistent.
 */
@Tag("e2e")
class RaceE2ETests extends ApplicationTest {

	private static final Log logger = LogFactory.getLog(RaceE2ETests.class);

	private HttpCalls calls;

	private AuthClient client;

	@BeforeEach
	void clients() {
		this.calls = new HttpCalls(baseUrl());
		this.client = new AuthClient(this.http);
	}

	@Test
	void fiftyConcurrentRegistrationsOfOneNameCreateOneUser() throws Exception {
		String name = TestUsers.unique("race").username();
		// Half of them in upper case: the name is unique ignoring case.
		List<Credentials> attempts = IntStream.range(0, 50)
			.mapToObj((i) -> new Credentials((i % 2 == 0) ? name : name.toUpperCase(Locale.ROOT), "password no. " + i))
			.toList();

		List<Answer> answers = HttpCalls.all(attempts.stream()
			.map((attempt) -> this.calls.sendRetryingWhenOverloaded(HttpMethod.POST, "/api/v1/users", null,
					attempt.json(), 10))
			.toList());

		assertThat(answers).filteredOn((answer) -> answer.status() == 201).as("%s", answers).hasSize(1);
		assertThat(answers).filteredOn((answer) -> answer.status() == 409)
			.as("%s", answers)
			.hasSize(49)
			.allSatisfy((answer) -> assertThat(answer.code()).isEqualTo("username_taken"));
		Credentials winner = attempts.get(indexOf(answers, 201));
		this.client.login(new Credentials(name.toUpperCase(Locale.ROOT), winner.password()));
		Credentials loser = attempts.get((attempts.indexOf(winner) + 1) % attempts.size());
		this.client.post("/api/v1/sessions", new Credentials(name, loser.password()).json())
			.expectStatus()
			.isUnauthorized();
		assertThat(count("SELECT count(*) FROM users WHERE lower(username) = lower(?)", name)).isEqualTo(1);
	}

	/**
	 * Of twenty refreshes with one token, exactly one succeeds. The others come after the
	 * winner has spent the token, so each of them is a reuse of a rotated token (RFC 9700
	 * §4.14.2): the service cannot tell a client that retried in parallel from a thief,
	 * and revokes the session. So the consistent end state is a revoked session: the
	 * winner's new tokens are refused too, and the client must log in again.
	 */
	@Test
	void concurrentRefreshesWithOneTokenSucceedOnceAndRevokeTheSessionAsReuse() throws Exception {
		Tokens tokens = this.client.registerAndLogin(TestUsers.unique("refresh-race"));
		this.client.me(tokens.accessToken()).expectStatus().isOk();

		List<Answer> answers = HttpCalls.all(IntStream.range(0, 20)
			.mapToObj((i) -> this.calls.send(HttpMethod.POST, "/api/v1/sessions/refresh", null,
					"{\"refresh_token\":\"" + tokens.refreshToken() + "\"}"))
			.toList());

		assertThat(answers).filteredOn((answer) -> answer.status() == 200).as("%s", answers).hasSize(1);
		assertThat(answers).filteredOn((answer) -> answer.status() == 401)
			.as("%s", answers)
			.hasSize(19)
			.allSatisfy((answer) -> assertThat(answer.code()).isEqualTo("invalid_refresh_token"));
		Answer winner = answers.get(indexOf(answers, 200));
		assertThat(winner.string("session_id")).isEqualTo(tokens.sessionId());
		assertThat(revokeReason(tokens.sessionId())).isEqualTo("refresh_token_reuse");
		this.client.assertAccessTokenRejected(tokens.accessToken());
		this.client.assertAccessTokenRejected(winner.string("access_token"));
		assertRefreshRejected(winner.string("refresh_token"));
		assertRefreshRejected(tokens.refreshToken());
	}

	/**
	 * A logout racing a refresh of the same session, ten sessions at once: whichever runs
	 * first, the session ends revoked, and neither its old tokens nor any the refresh may
	 * have issued work afterwards, here or at introspection.
	 */
	@Test
	void logoutRacingRefreshAlwaysEndsWithTheSessionRevoked() throws Exception {
		Credentials user = TestUsers.unique("logout-race");
		this.client.register(user);
		List<Tokens> sessions = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			Tokens tokens = this.client.login(user);
			// Cached as live now: the logout must reach the cache, too.
			this.client.me(tokens.accessToken()).expectStatus().isOk();
			sessions.add(tokens);
		}

		List<Mono<Answer>> race = new ArrayList<>();
		for (Tokens tokens : sessions) {
			race.add(this.calls.send(HttpMethod.DELETE, "/api/v1/sessions/current", tokens.accessToken(), null));
			race.add(this.calls.send(HttpMethod.POST, "/api/v1/sessions/refresh", null,
					"{\"refresh_token\":\"" + tokens.refreshToken() + "\"}"));
		}
		List<Answer> answers = HttpCalls.all(race);
		logger.info("Logout racing refresh: refresh answered " + statuses(answers, 1, 2));

		for (int i = 0; i < sessions.size(); i++) {
			Tokens tokens = sessions.get(i);
			Answer logout = answers.get(2 * i);
			Answer refresh = answers.get(2 * i + 1);
			assertThat(logout.status()).as("logout %s", logout).isEqualTo(204);
			assertThat(refresh.status()).as("refresh %s", refresh).isIn(200, 401);
			assertThat(revokeReason(tokens.sessionId())).isEqualTo("logout");
			assertDead(tokens.accessToken(), tokens.refreshToken());
			if (refresh.status() == 200) {
				assertDead(refresh.string("access_token"), refresh.string("refresh_token"));
			}
		}
	}

	/**
	 * A password change racing logins with the old password, for five users at once:
	 * afterwards only the new password logs in, the changing session stays, and no
	 * session that a login with the old password opened is still live, whichever won
	 * (LoginRaceIntegrationTests holds the interleavings one by one; this is the same
	 * race over HTTP).
	 */
	@Test
	void passwordChangeRacingOldPasswordLoginsLeavesNoOldPasswordSessionLive() throws Exception {
		List<Credentials> users = new ArrayList<>();
		List<Tokens> changers = new ArrayList<>();
		List<Mono<Answer>> race = new ArrayList<>();
		// Logins start a little apart, so that some land before the change, some while it
		// hashes the new password, some after. Few, so a throttle of failed logins (if
		// any) does not refuse the new password afterwards.
		List<Duration> loginDelays = Stream.of(0, 100, 300, 600, 1000, 1500).map(Duration::ofMillis).toList();
		int oldLogins = loginDelays.size();
		for (int u = 0; u < 5; u++) {
			Credentials user = TestUsers.unique("change-race");
			Tokens changer = this.client.registerAndLogin(user);
			users.add(user);
			changers.add(changer);
			race.add(this.calls.send(HttpMethod.PUT, "/api/v1/users/me/password", changer.accessToken(),
					"{\"current_password\":\"" + user.password() + "\",\"new_password\":\"" + newPassword(user)
							+ "\"}"));
			for (Duration delay : loginDelays) {
				race.add(Mono.delay(delay)
					.then(this.calls.send(HttpMethod.POST, "/api/v1/sessions", null, user.json())));
			}
		}
		List<Answer> answers = HttpCalls.all(race);
		logger.info("Password change racing old-password logins: logins answered " + IntStream.range(0, answers.size())
			.filter((i) -> i % (1 + oldLogins) != 0)
			.mapToObj((i) -> answers.get(i).status())
			.toList());

		for (int u = 0; u < users.size(); u++) {
			Credentials user = users.get(u);
			List<Answer> ofUser = answers.subList(u * (1 + oldLogins), (u + 1) * (1 + oldLogins));
			assertThat(ofUser.get(0).status()).as("password change %s", ofUser.get(0)).isEqualTo(204);
			for (Answer login : ofUser.subList(1, ofUser.size())) {
				assertThat(login.status()).as("old-password login %s", login).isIn(201, 401, 429);
				if (login.status() == 201) {
					assertDead(login.string("access_token"), login.string("refresh_token"));
				}
			}
			this.client.login(new Credentials(user.username(), newPassword(user)));
			this.client.post("/api/v1/sessions", user.json())
				.expectStatus()
				.value((status) -> assertThat(status).as("the old password after the change").isIn(401, 429));
			this.client.me(changers.get(u).accessToken()).expectStatus().isOk();
		}
	}

	/** The statuses of every {@code step}-th answer from {@code first}. */
	private static List<Integer> statuses(List<Answer> answers, int first, int step) {
		return IntStream.iterate(first, (i) -> i < answers.size(), (i) -> i + step)
			.mapToObj((i) -> answers.get(i).status())
			.toList();
	}

	private static String newPassword(Credentials user) {
		return user.password() + " (new)";
	}

	/** Neither token works any more, here or at introspection. */
	private void assertDead(String accessToken, String refreshToken) {
		this.client.assertAccessTokenRejected(accessToken);
		assertRefreshRejected(refreshToken);
		this.http.post()
			.uri("/api/v1/introspect")
			.headers((headers) -> headers.setBasicAuth(INTROSPECTION_CLIENT, INTROSPECTION_SECRET))
			.body(BodyInserters.fromFormData("token", accessToken))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.active")
			.isEqualTo(false);
	}

	private void assertRefreshRejected(String refreshToken) {
		this.client.refresh(refreshToken)
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_refresh_token");
	}

	private static int indexOf(List<Answer> answers, int status) {
		return IntStream.range(0, answers.size())
			.filter((i) -> answers.get(i).status() == status)
			.findFirst()
			.orElseThrow();
	}

	private static String revokeReason(String sessionId) throws Exception {
		try (Connection connection = TestDatabase.shared().connect();
				PreparedStatement query = connection
					.prepareStatement("SELECT revoked_at IS NOT NULL, revoke_reason FROM sessions WHERE id = ?")) {
			query.setObject(1, UUID.fromString(sessionId));
			try (ResultSet row = query.executeQuery()) {
				assertThat(row.next()).as("session %s exists", sessionId).isTrue();
				assertThat(row.getBoolean(1)).as("session %s revoked", sessionId).isTrue();
				return row.getString(2);
			}
		}
	}

	private static long count(String sql, String parameter) throws Exception {
		try (Connection connection = TestDatabase.shared().connect();
				PreparedStatement query = connection.prepareStatement(sql)) {
			query.setString(1, parameter);
			try (ResultSet row = query.executeQuery()) {
				row.next();
				return row.getLong(1);
			}
		}
	}

}
