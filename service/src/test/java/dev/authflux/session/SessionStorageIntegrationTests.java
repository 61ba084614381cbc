package dev.authflux.session;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.AuthClient.Tokens;
import dev.authflux.support.MutableClock;
import dev.authflux.support.TestUsers;
import dev.authflux.system.HousekeepingTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session's storage stays bounded however often it is refreshed, and ended sessions are
 * deleted after the retention: over HTTP where a client would notice, against the real
 * database.
 */
class SessionStorageIntegrationTests extends ApplicationTest {

	private static final int REFRESHES = 10_000;

	@Autowired
	private SessionService sessions;

	@Autowired
	private SessionProperties properties;

	@Autowired
	private List<HousekeepingTask> housekeeping;

	@Autowired
	private DatabaseClient db;

	private AuthClient client;

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@Test
	void tableSizeStaysBoundedAfterTenThousandRefreshesOfOneSessionAndHousekeeping() {
		int history = this.properties.reuseHistory();
		Tokens login = this.client.registerAndLogin(TestUsers.unique("chatty"));
		UUID sessionId = UUID.fromString(login.sessionId());
		// The token of each generation the assertions need: generation g is the one the
		// g-th refresh issued, 0 the login's.
		Map<Integer, String> generations = new HashMap<>();
		generations.put(0, login.refreshToken());
		String current = login.refreshToken();
		for (int generation = 1; generation <= REFRESHES; generation++) {
			current = this.sessions.refresh(current, TestUsers.CLIENT).block().refreshToken();
			generations.put(generation, current);
		}
		runHousekeeping();

		assertThat(refreshTokenRows(sessionId)).isEqualTo(history + 1);

		// Forgotten: merely invalid, and the session lives on.
		this.client.refresh(generations.get(0)).expectStatus().isUnauthorized();
		this.client.refresh(generations.get(REFRESHES - history - 1)).expectStatus().isUnauthorized();
		assertThat(revokeReason(sessionId)).isEmpty();

		Tokens renewed = this.client.refreshed(current);
		this.client.me(renewed.accessToken()).expectStatus().isOk();
		assertThat(refreshTokenRows(sessionId)).isEqualTo(history + 1);

		// The oldest token still remembered after that refresh is recognised as reuse.
		this.client.refresh(generations.get(REFRESHES + 1 - history))
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_refresh_token");
		assertThat(revokeReason(sessionId)).contains("refresh_token_reuse");
		this.client.assertAccessTokenRejected(renewed.accessToken());
		this.client.refresh(renewed.refreshToken()).expectStatus().isUnauthorized();
	}

	@Test
	void endedSessionsAreDeletedWithTheirTokensOnlyOnceTheRetentionHasPassed() {
		TestUsers.Credentials user = TestUsers.unique("retained");
		Tokens revoked = this.client.registerAndLogin(user);
		this.client.refreshed(revoked.refreshToken());
		this.client.withToken("DELETE", "/api/v1/sessions/current", revoked.accessToken(), null)
			.expectStatus()
			.isNoContent();
		Tokens expired = this.client.login(user);
		this.db.sql("UPDATE sessions SET expires_at = now() WHERE id = :id")
			.bind("id", UUID.fromString(expired.sessionId()))
			.then()
			.block();
		Tokens live = this.client.login(user);
		List<String> ended = List.of(revoked.sessionId(), expired.sessionId());

		retentionAt(this.properties.retention().minusMinutes(1)).run().block();
		assertThat(ended).allSatisfy((id) -> assertThat(sessionRows(id)).isOne());
		assertThat(refreshTokenRows(UUID.fromString(revoked.sessionId()))).isEqualTo(2);

		retentionAt(this.properties.retention().plusMinutes(1)).run().block();
		assertThat(ended).allSatisfy((id) -> {
			assertThat(sessionRows(id)).isZero();
			assertThat(refreshTokenRows(UUID.fromString(id))).isZero();
		});
		assertThat(sessionRows(live.sessionId())).isOne();
		this.client.me(live.accessToken()).expectStatus().isOk();
		this.client.refreshed(live.refreshToken());
	}

	@Test
	void liveSessionsAreListedAsBeforeAfterHousekeeping() {
		TestUsers.Credentials user = TestUsers.unique("listed");
		Tokens first = this.client.registerAndLogin(user);
		Tokens second = this.client.login(user);
		Tokens ended = this.client.login(user);
		this.client.withToken("DELETE", "/api/v1/sessions/current", ended.accessToken(), null)
			.expectStatus()
			.isNoContent();
		List<Map<String, Object>> before = listSessions(first.accessToken());

		retentionAt(this.properties.retention().plusMinutes(1)).run().block();
		runHousekeeping();

		assertThat(sessionRows(ended.sessionId())).isZero();
		assertThat(listSessions(first.accessToken())).isEqualTo(before)
			.extracting((session) -> session.get("id"))
			.containsExactlyInAnyOrder(first.sessionId(), second.sessionId());
	}

	/**
	 * The retention task as it would run on an instance whose clock is this far ahead.
	 */
	private SessionRetention retentionAt(Duration ahead) {
		MutableClock clock = MutableClock.now();
		clock.advance(ahead);
		return new SessionRetention(this.db, this.properties, clock);
	}

	private void runHousekeeping() {
		Flux.fromIterable(this.housekeeping).concatMap(HousekeepingTask::run).then().block();
	}

	private List<Map<String, Object>> listSessions(String accessToken) {
		return this.client.withToken("GET", "/api/v1/sessions", accessToken, null)
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, List<Map<String, Object>>>>() {
			})
			.returnResult()
			.getResponseBody()
			.get("sessions");
	}

	private long refreshTokenRows(UUID sessionId) {
		return this.db.sql("SELECT count(*) FROM refresh_tokens WHERE session_id = :id")
			.bind("id", sessionId)
			.map((row) -> row.get(0, Long.class))
			.one()
			.block();
	}

	private long sessionRows(String sessionId) {
		return this.db.sql("SELECT count(*) FROM sessions WHERE id = :id")
			.bind("id", UUID.fromString(sessionId))
			.map((row) -> row.get(0, Long.class))
			.one()
			.block();
	}

	private Optional<String> revokeReason(UUID sessionId) {
		return this.db.sql("SELECT revoke_reason FROM sessions WHERE id = :id")
			.bind("id", sessionId)
			.map((row) -> Optional.ofNullable(row.get("revoke_reason", String.class)))
			.one()
			.block();
	}

}
