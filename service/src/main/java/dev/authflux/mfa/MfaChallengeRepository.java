package dev.authflux.mfa;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** {@code mfa_challenges}: logins between the right password and the second factor. */
@Repository
class MfaChallengeRepository {

	private final DatabaseClient db;

	MfaChallengeRepository(DatabaseClient db) {
		this.db = db;
	}

	Mono<Void> create(byte[] tokenHash, UUID userId, Instant passwordChangedAt, Duration ttl) {
		return this.db.sql("""
				INSERT INTO mfa_challenges (token_hash, user_id, password_changed_at, expires_at)
				VALUES (:tokenHash, :userId, :passwordChangedAt, now() + :ttl * interval '1 second')""")
			.bind("tokenHash", tokenHash)
			.bind("userId", userId)
			.bind("passwordChangedAt", passwordChangedAt)
			.bind("ttl", ttl.toSeconds())
			.then();
	}

	/**
	 * The open challenge of this token: unspent, unexpired, and its account's password
	 * still the one the first step verified.
	 */
	Mono<OpenChallenge> findOpen(byte[] tokenHash) {
		return this.db.sql("""
				SELECT c.user_id, u.username FROM mfa_challenges c JOIN users u ON u.id = c.user_id
				WHERE c.token_hash = :tokenHash AND c.used_at IS NULL AND c.expires_at > now()
				  AND u.password_changed_at = c.password_changed_at""")
			.bind("tokenHash", tokenHash)
			.map((row) -> new OpenChallenge(row.get("user_id", UUID.class), row.get("username", String.class)))
			.one();
	}

	/** Spends the challenge once: false if it was spent or expired meanwhile. */
	Mono<Boolean> spend(byte[] tokenHash) {
		return this.db.sql("""
				UPDATE mfa_challenges SET used_at = now()
				WHERE token_hash = :tokenHash AND used_at IS NULL AND expires_at > now()
				RETURNING 1 AS spent""").bind("tokenHash", tokenHash).map((row) -> true).one().defaultIfEmpty(false);
	}

	/** Forgets the challenges that expired more than a day ago. */
	Mono<Long> deleteExpired() {
		return this.db.sql("DELETE FROM mfa_challenges WHERE expires_at < now() - interval '1 day'")
			.fetch()
			.rowsUpdated();
	}

	record OpenChallenge(UUID userId, String username) {
	}

}
