package dev.authflux.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.authflux.audit.AuditEvent;
import dev.authflux.audit.AuditInsert;
import dev.authflux.user.UserProfile;
import dev.authflux.audit.ClientInfo;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.R2dbcType;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Sessions and their refresh tokens in PostgreSQL. Each operation is one SQL statement,
 * so that its checks and its writes are atomic: two requests racing on one refresh token
 * are serialized by the row lock of that token, and only the first finds it unrotated.
 */
@Repository
class SessionRepository {

	/**
	 * The user's row, share-locked, if the password is still the one verified and the
	 * account is not disabled: a new session is created only from it.
	 */
	private static final String UNCHANGED_ACCOUNT = """
			account AS (
			    SELECT id FROM users
			    WHERE id = :userId AND password_changed_at = :passwordChangedAt AND disabled_at IS NULL
			    FOR SHARE
			)""";

	private final DatabaseClient db;

	SessionRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * A new session with its first refresh token, if the user's password is still the one
	 * the login verified (set at {@code passwordChangedAt}) and the account is not
	 * disabled. Not compared by hash: a login that finds an outdated hash replaces it in
	 * the background ({@code UserService}), and another login that verified the same
	 * password against the old hash must still get its session. The user's row is
	 * share-locked, so a concurrent password change or deletion or an operator's
	 * disabling either waits for this session (and then ends it) or wins, and then no
	 * session is created.
	 * @return the session, or empty if the password changed, the user was deleted or
	 * disabled
	 */
	Mono<SessionLease> create(UUID userId, Instant passwordChangedAt, byte[] refreshTokenHash, List<String> amr,
			ClientInfo client, Duration idle, Duration max) {
		AuditInsert audit = AuditInsert.of(AuditEvent.LOGIN_SUCCEEDED, client)
			.user("user_id")
			.session("id")
			.detail("CASE WHEN amr = '{pwd}' THEN NULL ELSE 'amr:' || array_to_string(amr, ' ') END")
			.from("created");
		return this.db
			.sql("""
					WITH %s, created AS (
					    INSERT INTO sessions (user_id, expires_at, max_expires_at, user_agent, ip, amr)
					    SELECT id, now() + LEAST(:idle, :max) * interval '1 second', now() + :max * interval '1 second',
					           :userAgent, :ip, :amr::text[]
					    FROM account
					    RETURNING id, user_id, expires_at, amr
					), issued AS (
					    INSERT INTO refresh_tokens (token_hash, session_id) SELECT :tokenHash, id FROM created
					), %s
					SELECT id, ceil(extract(epoch FROM expires_at - now()))::bigint AS expires_in FROM created"""
				.formatted(UNCHANGED_ACCOUNT, audit.cte()))
			.bind("userId", userId)
			.bind("passwordChangedAt", passwordChangedAt)
			.bind("idle", idle.toSeconds())
			.bind("max", max.toSeconds())
			.bindValues(audit.parameters())
			.bind("tokenHash", refreshTokenHash)
			.bind("amr", amr.toArray(String[]::new))
			.map((row) -> new SessionLease(row.get("id", UUID.class), row.get("expires_in", Long.class)))
			.one();
	}

	/**
	 * A session without a refresh token that ends when its one access token does: what
	 * the original service's {@code POST /api/auth} hands out. Guarded like
	 * {@link #create}.
	 */
	Mono<UUID> createWithoutRefresh(UUID userId, Instant passwordChangedAt, ClientInfo client, Duration lifetime) {
		AuditInsert audit = AuditInsert.of(AuditEvent.LOGIN_SUCCEEDED, client)
			.user("user_id")
			.session("id")
			.detail("'compat'")
			.from("created");
		return this.db.sql("""
				WITH %s, created AS (
				    INSERT INTO sessions (user_id, expires_at, max_expires_at, user_agent, ip)
				    SELECT id, now() + :lifetime * interval '1 second', now() + :lifetime * interval '1 second',
				           :userAgent, :ip
				    FROM account
				    RETURNING id, user_id
				), %s
				SELECT id FROM created""".formatted(UNCHANGED_ACCOUNT, audit.cte()))
			.bind("userId", userId)
			.bind("passwordChangedAt", passwordChangedAt)
			.bind("lifetime", lifetime.toSeconds())
			.bindValues(audit.parameters())
			.map((row) -> row.get("id", UUID.class))
			.one();
	}

	/**
	 * Rotation in one statement: marks the presented token rotated (only if it was not
	 * yet, and its session is live), extends the session's idle expiry, stores the new
	 * token as the session's next generation, and deletes the tokens more than
	 * {@code reuseHistory} rotations old, so that a session holds at most
	 * {@code reuseHistory + 1} tokens however often it is refreshed. The row lock on the
	 * session orders the generations of concurrent rotations.
	 * @return the renewed session, or empty if the token cannot be used
	 */
	Mono<RotatedSession> rotate(byte[] presentedHash, byte[] newHash, Duration idle, int reuseHistory, String clientId,
			String[] scopeWithin) {
		return this.db
			.sql("""
					WITH presented AS (
					    UPDATE refresh_tokens t SET rotated_at = now()
					    FROM sessions s, users u
					    WHERE t.token_hash = :presented AND t.rotated_at IS NULL
					      AND s.id = t.session_id AND s.revoked_at IS NULL AND s.expires_at > now()
					      AND s.client_id IS NOT DISTINCT FROM :clientId
					      AND string_to_array(coalesce(s.scope, ''), ' ') @> :scopeWithin::text[]
					      AND u.id = s.user_id AND u.disabled_at IS NULL
					    RETURNING t.session_id
					), renewed AS (
					    UPDATE sessions s
					    SET last_used_at = now(), expires_at = LEAST(now() + :idle * interval '1 second', s.max_expires_at),
					        refresh_generation = s.refresh_generation + 1
					    FROM presented p
					    WHERE s.id = p.session_id AND s.revoked_at IS NULL
					    RETURNING s.id, s.user_id, s.expires_at, s.refresh_generation, s.scope, s.auth_time, s.parent_id,
					              s.amr
					), issued AS (
					    INSERT INTO refresh_tokens (token_hash, session_id, generation)
					    SELECT :newHash, id, refresh_generation FROM renewed
					), forgotten AS (
					    DELETE FROM refresh_tokens t USING renewed r
					    WHERE t.session_id = r.id AND t.generation < r.refresh_generation - :reuseHistory
					)
					SELECT r.id, r.user_id, u.username, ceil(extract(epoch FROM r.expires_at - now()))::bigint AS expires_in,
					       r.scope, r.auth_time, r.parent_id, r.amr
					FROM renewed r JOIN users u ON u.id = r.user_id""")
			.bind("presented", presentedHash)
			.bind("newHash", newHash)
			.bind("idle", idle.toSeconds())
			.bind("reuseHistory", reuseHistory)
			.bind("clientId", Parameters.in(R2dbcType.VARCHAR, clientId))
			.bind("scopeWithin", scopeWithin)
			.map((row) -> new RotatedSession(row.get("id", UUID.class), row.get("user_id", UUID.class),
					row.get("username", String.class), row.get("expires_in", Long.class),
					row.get("scope", String.class), row.get("auth_time", Instant.class),
					row.get("parent_id", UUID.class), List.of(row.get("amr", String[].class))))
			.one();
	}

	/**
	 * RFC 9700 §4.14.2: a refresh token that was already rotated is presented again, so
	 * one of its holders is not the legitimate client. Revokes its session if still live.
	 * @return the session revoked, or empty if there was no live one
	 */
	Mono<UUID> revokeOnReuse(byte[] presentedHash, String clientId, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.REFRESH_REUSE_DETECTED, client)
			.user("user_id")
			.session("id")
			.from("revoked");
		return this.db.sql("""
				WITH revoked AS (
				    UPDATE sessions s SET revoked_at = now(), revoke_reason = 'refresh_token_reuse'
				    FROM refresh_tokens t
				    WHERE t.token_hash = :presented AND t.rotated_at IS NOT NULL
				      AND s.id = t.session_id AND s.revoked_at IS NULL AND s.client_id IS NOT DISTINCT FROM :clientId
				    RETURNING s.id, s.user_id
				), %s
				SELECT id FROM revoked""".formatted(audit.cte()))
			.bind("presented", presentedHash)
			.bind("clientId", Parameters.in(R2dbcType.VARCHAR, clientId))
			.bindValues(audit.parameters())
			.map((row) -> row.get("id", UUID.class))
			.one();
	}

	/** The session, with its account, if it is neither revoked nor expired. */
	Mono<LiveSession> findLive(UUID sessionId) {
		return this.db.sql("""
				SELECT s.id, s.expires_at, u.id AS user_id, u.username, u.created_at
				FROM sessions s JOIN users u ON u.id = s.user_id
				WHERE s.id = :sessionId AND s.revoked_at IS NULL AND s.expires_at > now()""")
			.bind("sessionId", sessionId)
			.map((row) -> new LiveSession(row.get("id", UUID.class),
					new UserProfile(row.get("user_id", UUID.class), row.get("username", String.class),
							row.get("created_at", Instant.class)),
					row.get("expires_at", Instant.class)))
			.one();
	}

	Flux<SessionRecord> findLiveOf(UUID userId) {
		return this.db.sql("""
				SELECT id, created_at, last_used_at, expires_at, user_agent, ip, kind, client_id, scope FROM sessions
				WHERE user_id = :userId AND revoked_at IS NULL AND expires_at > now()
				ORDER BY created_at DESC""")
			.bind("userId", userId)
			.map((row) -> new SessionRecord(row.get("id", UUID.class), row.get("created_at", Instant.class),
					row.get("last_used_at", Instant.class), row.get("expires_at", Instant.class),
					row.get("user_agent", String.class), row.get("ip", String.class), row.get("kind", String.class),
					row.get("client_id", String.class), row.get("scope", String.class)))
			.all();
	}

	/**
	 * Ends one live session of this user.
	 * @return whether it was revoked
	 */
	Mono<Boolean> revoke(UUID userId, UUID sessionId, RevokeReason reason, ClientInfo client) {
		AuditInsert audit = revoked(reason, client);
		return this.db.sql("""
				WITH revoked AS (
				    UPDATE sessions SET revoked_at = now(), revoke_reason = :reason
				    WHERE id = :sessionId AND user_id = :userId AND revoked_at IS NULL AND expires_at > now()
				    RETURNING id, user_id
				), %s
				SELECT count(*) AS revoked FROM revoked""".formatted(audit.cte()))
			.bind("sessionId", sessionId)
			.bind("userId", userId)
			.bind("reason", reason.code())
			.bindValues(audit.parameters())
			.map((row) -> row.get("revoked", Long.class) > 0)
			.one();
	}

	/**
	 * Ends every live session of this user.
	 * @return the sessions revoked
	 */
	Flux<UUID> revokeAll(UUID userId, RevokeReason reason, ClientInfo client) {
		AuditInsert audit = revoked(reason, client);
		return this.db.sql("""
				WITH revoked AS (
				    UPDATE sessions SET revoked_at = now(), revoke_reason = :reason
				    WHERE user_id = :userId AND revoked_at IS NULL
				    RETURNING id, user_id
				), %s
				SELECT id FROM revoked""".formatted(audit.cte()))
			.bind("userId", userId)
			.bind("reason", reason.code())
			.bindValues(audit.parameters())
			.map((row) -> row.get("id", UUID.class))
			.all();
	}

	/**
	 * The event of a revocation: one per session in the statement's {@code revoked} CTE,
	 * with the reason its statement binds as {@code :reason}.
	 */
	private static AuditInsert revoked(RevokeReason reason, ClientInfo client) {
		return AuditInsert.of(reason.event(), client).user("user_id").session("id").detail(":reason").from("revoked");
	}

	/** A session just created: its id and seconds until its refresh token expires. */

	record SessionLease(UUID id, long expiresInSeconds) {
	}

	/** A session just refreshed, with what the new access token needs. */
	record RotatedSession(UUID id, UUID userId, String username, long expiresInSeconds, String scope, Instant authTime,
			UUID parentId, List<String> amr) {
	}

	record SessionRecord(UUID id, Instant createdAt, Instant lastUsedAt, Instant expiresAt, String userAgent, String ip,
			String kind, String clientId, String scope) {
	}

}
