package dev.authflux.login;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.authflux.audit.AuditEvent;
import dev.authflux.audit.AuditInsert;
import dev.authflux.audit.ClientInfo;
import dev.authflux.user.UserProfile;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Browser sessions in the {@code sessions} table, beside the API's: the same rows, so
 * that listing, revocation, password changes, disabling and deletion treat them alike.
 * Each operation is one statement.
 */
@Repository
class BrowserSessionRepository {

	private final DatabaseClient db;

	BrowserSessionRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * A new browser session whose cookie hashes to {@code tokenHash}, if the account's
	 * password is still the one just verified and it is not disabled (the user's row is
	 * share-locked, as for the API's logins, so a concurrent change either waits for the
	 * session and then ends it, or wins and no session is created). Audited as a
	 * successful login with detail {@code browser}.
	 * @return the session's id and auth time, or empty if the account changed
	 */
	Mono<Created> create(UUID userId, Instant passwordChangedAt, byte[] tokenHash, List<String> amr, ClientInfo client,
			Duration lifetime) {
		AuditInsert audit = AuditInsert.of(AuditEvent.LOGIN_SUCCEEDED, client)
			.user("user_id")
			.session("id")
			.detail("'browser'")
			.from("created");
		return this.db.sql("""
				WITH account AS (
				    SELECT id FROM users
				    WHERE id = :userId AND password_changed_at = :passwordChangedAt AND disabled_at IS NULL
				    FOR SHARE
				), created AS (
				    INSERT INTO sessions (user_id, expires_at, max_expires_at, user_agent, ip, kind, auth_time,
				                          browser_token_hash, amr)
				    SELECT id, now() + :lifetime * interval '1 second', now() + :lifetime * interval '1 second',
				           :userAgent, :ip, 'browser', now(), :tokenHash, :amr::text[]
				    FROM account
				    RETURNING id, user_id, auth_time
				), %s
				SELECT id, auth_time FROM created""".formatted(audit.cte()))
			.bind("userId", userId)
			.bind("passwordChangedAt", passwordChangedAt)
			.bind("lifetime", lifetime.toSeconds())
			.bind("tokenHash", tokenHash)
			.bind("amr", amr.toArray(String[]::new))
			.bindValues(audit.parameters())
			.map((row) -> new Created(row.get("id", UUID.class), row.get("auth_time", Instant.class)))
			.one();
	}

	/**
	 * The live browser session whose cookie hashes to {@code tokenHash}, marked as used
	 * now. Read from the database every time, so a revocation anywhere takes effect at
	 * the next request.
	 */
	Mono<BrowserSession> findLive(byte[] tokenHash) {
		return this.db.sql("""
				UPDATE sessions s SET last_used_at = now()
				FROM users u
				WHERE s.browser_token_hash = :tokenHash AND s.kind = 'browser'
				  AND s.revoked_at IS NULL AND s.expires_at > now() AND u.id = s.user_id
				RETURNING s.id, s.auth_time, u.id AS user_id, u.username, u.created_at""")
			.bind("tokenHash", tokenHash)
			.map((row) -> new BrowserSession(row.get("id", UUID.class),
					new UserProfile(row.get("user_id", UUID.class), row.get("username", String.class),
							row.get("created_at", Instant.class)),
					row.get("auth_time", Instant.class)))
			.one();
	}

	/** A browser session just created. */
	record Created(UUID id, Instant authTime) {
	}

}
