package dev.authflux.passkey;

import java.time.Duration;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Ceremony challenges in PostgreSQL, by their SHA-256, so that any instance can check the
 * answer to a challenge another one issued. Spending is one {@code DELETE ... RETURNING}:
 * of two requests answering one challenge, only one finds it.
 */
@Repository
class ChallengeRepository {

	static final String REGISTRATION = "registration";

	static final String AUTHENTICATION = "authentication";

	static final String SECOND_FACTOR = "second_factor";

	private final DatabaseClient db;

	ChallengeRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Stores a challenge of a ceremony for one account: a registration, or the second
	 * step of a login.
	 */
	Mono<Void> issueForAccount(String purpose, byte[] challengeHash, UUID userId, Duration ttl) {
		return this.db.sql("""
				INSERT INTO passkey_challenges (challenge_hash, purpose, user_id, expires_at)
				VALUES (:hash, :purpose, :userId, now() + :ttl * interval '1 millisecond')""")
			.bind("hash", challengeHash)
			.bind("purpose", purpose)
			.bind("userId", userId)
			.bind("ttl", ttl.toMillis())
			.then();
	}

	/** Stores a login challenge, which names no account. */
	Mono<Void> issueForAuthentication(byte[] challengeHash, Duration ttl) {
		return this.db.sql("""
				INSERT INTO passkey_challenges (challenge_hash, purpose, expires_at)
				VALUES (:hash, 'authentication', now() + :ttl * interval '1 millisecond')""")
			.bind("hash", challengeHash)
			.bind("ttl", ttl.toMillis())
			.then();
	}

	/**
	 * Spends the account's live challenge of that purpose.
	 * @return whether there was one
	 */
	Mono<Boolean> spendForAccount(String purpose, byte[] challengeHash, UUID userId) {
		return this.db.sql("""
				DELETE FROM passkey_challenges
				WHERE challenge_hash = :hash AND purpose = :purpose AND user_id = :userId AND expires_at > now()
				RETURNING 1 AS spent""")
			.bind("hash", challengeHash)
			.bind("purpose", purpose)
			.bind("userId", userId)
			.map((row) -> true)
			.one()
			.defaultIfEmpty(false);
	}

	/**
	 * Spends a live login challenge.
	 * @return whether there was one
	 */
	Mono<Boolean> spendForAuthentication(byte[] challengeHash) {
		return this.db.sql("""
				DELETE FROM passkey_challenges
				WHERE challenge_hash = :hash AND purpose = 'authentication' AND expires_at > now()
				RETURNING 1 AS spent""").bind("hash", challengeHash).map((row) -> true).one().defaultIfEmpty(false);
	}

	/** Deletes challenges that can no longer be answered; the number deleted. */
	Mono<Long> deleteExpired() {
		return this.db.sql("DELETE FROM passkey_challenges WHERE expires_at <= now()").fetch().rowsUpdated();
	}

}
