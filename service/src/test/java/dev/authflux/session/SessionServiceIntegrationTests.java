package dev.authflux.session;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.TestUsers;
import dev.authflux.user.User;
import dev.authflux.user.UserService;
import dev.authflux.audit.ClientInfo;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Rotation, reuse detection and expiry against the real database, including races. */
class SessionServiceIntegrationTests extends ApplicationTest {

	private static final ClientInfo CLIENT = TestUsers.CLIENT;

	@Autowired
	private SessionService sessions;

	@Autowired
	private UserService users;

	@Autowired
	private DatabaseClient db;

	@Test
	void concurrentRefreshesWithOneTokenSucceedAtMostOnce() {
		TokenResponse login = login();
		AtomicInteger succeeded = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		Flux.range(0, 20)
			.flatMap((i) -> this.sessions.refresh(login.refreshToken(), CLIENT)
				.subscribeOn(Schedulers.parallel())
				.doOnNext((tokens) -> succeeded.incrementAndGet())
				.onErrorResume(InvalidRefreshTokenException.class, (ex) -> {
					refused.incrementAndGet();
					return Mono.empty();
				}), 20)
			.then()
			.as(StepVerifier::create)
			.verifyComplete();
		assertThat(succeeded).hasValue(1);
		assertThat(refused).hasValue(19);
	}

	@Test
	void reuseOfARotatedTokenRevokesTheSession() {
		TokenResponse login = login();
		TokenResponse refreshed = this.sessions.refresh(login.refreshToken(), CLIENT).block();

		StepVerifier.create(this.sessions.refresh(login.refreshToken(), CLIENT))
			.expectError(InvalidRefreshTokenException.class)
			.verify();
		assertThat(revokeReason(login.sessionId())).isEqualTo("refresh_token_reuse");
		StepVerifier.create(this.sessions.refresh(refreshed.refreshToken(), CLIENT))
			.expectError(InvalidRefreshTokenException.class)
			.verify();
	}

	@Test
	void expiredSessionCannotBeRefreshedAndIsNotRevokedAsReuse() {
		TokenResponse login = login();
		this.db.sql("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = :id")
			.bind("id", login.sessionId())
			.then()
			.block();
		StepVerifier.create(this.sessions.refresh(login.refreshToken(), CLIENT))
			.expectError(InvalidRefreshTokenException.class)
			.verify();
		assertThat(revokeReason(login.sessionId())).isNull();
	}

	@Test
	void refreshExtendsTheIdleExpiryButNeverPastTheAbsoluteOne() {
		TokenResponse login = login();
		this.db.sql("UPDATE sessions SET max_expires_at = now() + interval '1 hour' WHERE id = :id")
			.bind("id", login.sessionId())
			.then()
			.block();
		TokenResponse refreshed = this.sessions.refresh(login.refreshToken(), CLIENT).block();
		assertThat(refreshed.refreshExpiresIn()).isBetween(3500L, 3600L);
	}

	@Test
	void refreshTokensAreStoredOnlyAsHashes() {
		TokenResponse login = login();
		List<byte[]> stored = this.db.sql("SELECT token_hash FROM refresh_tokens WHERE session_id = :id")
			.bind("id", login.sessionId())
			.map((row) -> row.get("token_hash", byte[].class))
			.all()
			.collectList()
			.block();
		assertThat(stored).singleElement().satisfies((hash) -> {
			assertThat(hash).hasSize(32).isEqualTo(RefreshTokens.hash(login.refreshToken()));
			assertThat(new String(hash, java.nio.charset.StandardCharsets.ISO_8859_1))
				.doesNotContain(login.refreshToken());
		});
	}

	@Test
	void deletingTheUserDeletesItsSessionsAndTokens() {
		TestUsers.Credentials credentials = TestUsers.unique("cascade");
		User user = this.users.register(credentials.username(), credentials.password(), CLIENT).block();
		TokenResponse login = (TokenResponse) this.sessions
			.login(credentials.username(), credentials.password(), null, CLIENT)
			.block();
		this.users.delete(user.profile(), credentials.password(), CLIENT).block();
		assertThat(count("SELECT count(*) FROM sessions WHERE user_id = :id", user.id())).isZero();
		assertThat(count("SELECT count(*) FROM refresh_tokens WHERE session_id = :id", login.sessionId())).isZero();
	}

	private TokenResponse login() {
		TestUsers.Credentials credentials = TestUsers.unique("rotation");
		this.users.register(credentials.username(), credentials.password(), CLIENT).block();
		return (TokenResponse) this.sessions.login(credentials.username(), credentials.password(), null, CLIENT)
			.block();
	}

	private String revokeReason(UUID sessionId) {
		return this.db.sql("SELECT revoke_reason FROM sessions WHERE id = :id")
			.bind("id", sessionId)
			.map((row) -> java.util.Optional.ofNullable(row.get("revoke_reason", String.class)))
			.one()
			.block()
			.orElse(null);
	}

	private long count(String sql, UUID id) {
		return this.db.sql(sql).bind("id", id).map((row) -> row.get(0, Long.class)).one().block();
	}

}
