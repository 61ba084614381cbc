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

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The sessions of OAuth clients: started from a browser session, ended by revocation (RFC
 * 7009) or a replayed code, and the audit of tokens presented by a client they were not
 * issued to. Each operation is one SQL statement, as in {@link SessionRepository}.
 */
@Repository
class ClientSessionRepository {

	private final DatabaseClient db;

	ClientSessionRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * A session of an OAuth client, child of a live browser session, with the scope it
	 * was granted. Without a refresh token it ends with its one access token; with one it
	 * lives like an API session (idle and maximum lifetime). Either way it ends when its
	 * browser session is revoked. The browser session and its account are share-locked,
	 * so a concurrent revocation, password change or disabling either waits for it (and
	 * then ends it) or wins.
	 * @param refreshTokenHash the first refresh token's hash, or null for none
	 * @return the session with its account, or empty if the browser session has ended
	 */
	Mono<StartedClientSession> createForClient(UUID sessionId, UUID browserSessionId, String clientId, String scope,
			byte[] refreshTokenHash, Duration idle, Duration max, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.LOGIN_SUCCEEDED, client)
			.user("user_id")
			.session("id")
			.detail("'authorization_code'")
			.from("created");
		String issued = (refreshTokenHash != null)
				? ", issued AS (INSERT INTO refresh_tokens (token_hash, session_id) SELECT :tokenHash, id FROM created)"
				: "";
		var statement = this.db
			.sql("""
					WITH parent AS (
					    SELECT s.id, s.user_id, s.auth_time, s.amr FROM sessions s JOIN users u ON u.id = s.user_id
					    WHERE s.id = :browserSessionId AND s.kind = 'browser' AND s.revoked_at IS NULL
					      AND s.expires_at > now() AND u.disabled_at IS NULL
					    FOR SHARE
					), created AS (
					    INSERT INTO sessions (id, user_id, expires_at, max_expires_at, user_agent, ip, kind, auth_time,
					                          client_id, parent_id, scope, amr)
					    SELECT :sessionId, user_id, now() + LEAST(:idle, :max) * interval '1 second',
					           now() + :max * interval '1 second', :userAgent, :ip, 'client', auth_time, :clientId, id, :scope,
					           amr
					    FROM parent
					    RETURNING id, user_id, expires_at, amr
					)%s, %s
					SELECT c.id, c.expires_at, c.amr, u.id AS user_id, u.username, u.created_at
					FROM created c JOIN users u ON u.id = c.user_id"""
				.formatted(issued, audit.cte()))
			.bind("sessionId", sessionId)
			.bind("browserSessionId", browserSessionId)
			.bind("clientId", clientId)
			.bind("scope", scope)
			.bind("idle", idle.toSeconds())
			.bind("max", max.toSeconds())
			.bindValues(audit.parameters());
		if (refreshTokenHash != null) {
			statement = statement.bind("tokenHash", refreshTokenHash);
		}
		return statement
			.map((row) -> new StartedClientSession(
					new LiveSession(row.get("id", UUID.class),
							new UserProfile(row.get("user_id", UUID.class), row.get("username", String.class),
									row.get("created_at", Instant.class)),
							row.get("expires_at", Instant.class)),
					List.of(row.get("amr", String[].class))))
			.one();
	}

	/**
	 * RFC 7009: ends the live session of this client that the refresh token (current or
	 * rotated) belongs to.
	 * @return the session revoked, or empty if the token is no live session's of this
	 * client
	 */
	Mono<UUID> revokeByRefreshToken(byte[] tokenHash, String clientId, ClientInfo client) {
		AuditInsert audit = revokedByClient(client);
		return this.db.sql("""
				WITH revoked AS (
				    UPDATE sessions s SET revoked_at = now(), revoke_reason = 'token_revocation'
				    FROM refresh_tokens t
				    WHERE t.token_hash = :tokenHash AND s.id = t.session_id AND s.client_id = :clientId
				      AND s.revoked_at IS NULL
				    RETURNING s.id, s.user_id
				), %s
				SELECT id FROM revoked""".formatted(audit.cte()))
			.bind("tokenHash", tokenHash)
			.bind("clientId", clientId)
			.bindValues(audit.parameters())
			.map((row) -> row.get("id", UUID.class))
			.one();
	}

	/**
	 * RFC 7009 for an access token: ends its session if it is a live session of this
	 * client.
	 * @return the session revoked, or empty if there was none
	 */
	Mono<UUID> revokeClientSession(UUID sessionId, String clientId, ClientInfo client) {
		AuditInsert audit = revokedByClient(client);
		return this.db.sql("""
				WITH revoked AS (
				    UPDATE sessions SET revoked_at = now(), revoke_reason = 'token_revocation'
				    WHERE id = :sessionId AND kind = 'client' AND client_id = :clientId AND revoked_at IS NULL
				    RETURNING id, user_id
				), %s
				SELECT id FROM revoked""".formatted(audit.cte()))
			.bind("sessionId", sessionId)
			.bind("clientId", clientId)
			.bindValues(audit.parameters())
			.map((row) -> row.get("id", UUID.class))
			.one();
	}

	/**
	 * Whether the refresh token is one of this client's live, unrotated ones: what tells
	 * a scope beyond its grant from a token that cannot be used at all.
	 */
	Mono<Boolean> isUsableRefreshToken(byte[] tokenHash, String clientId) {
		return this.db.sql("""
				SELECT EXISTS (
				    SELECT 1 FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
				    JOIN users u ON u.id = s.user_id
				    WHERE t.token_hash = :tokenHash AND t.rotated_at IS NULL AND s.client_id = :clientId
				      AND s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL
				) AS usable""")
			.bind("tokenHash", tokenHash)
			.bind("clientId", clientId)
			.map((row) -> row.get("usable", Boolean.class))
			.one();
	}

	/**
	 * Records a refresh token presented by a client it was not issued to, if it is a
	 * session's at all; the event names the session and the presenting client.
	 */
	Mono<Void> auditRefreshTokenOfAnother(byte[] tokenHash, String presenter, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.TOKEN_OF_ANOTHER_CLIENT, client)
			.user("user_id")
			.session("id")
			.detail(":presenter")
			.from("owner");
		return this.db.sql("""
				WITH owner AS (
				    SELECT s.id, s.user_id FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
				    WHERE t.token_hash = :tokenHash AND s.client_id IS DISTINCT FROM :presenter
				), %s
				SELECT 1 AS done""".formatted(audit.cte()))
			.bind("tokenHash", tokenHash)
			.bind("presenter", presenter)
			.bindValues(audit.parameters())
			.then();
	}

	/**
	 * Records an access token of another session presented for revocation by a client it
	 * was not issued to.
	 */
	Mono<Void> auditSessionOfAnother(UUID sessionId, String presenter, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.TOKEN_OF_ANOTHER_CLIENT, client)
			.user("user_id")
			.session("id")
			.detail(":presenter")
			.from("owner");
		return this.db.sql("""
				WITH owner AS (
				    SELECT id, user_id FROM sessions WHERE id = :sessionId
				), %s
				SELECT 1 AS done""".formatted(audit.cte()))
			.bind("sessionId", sessionId)
			.bind("presenter", presenter)
			.bindValues(audit.parameters())
			.then();
	}

	private static AuditInsert revokedByClient(ClientInfo client) {
		return AuditInsert.of(AuditEvent.SESSIONS_REVOKED, client)
			.user("user_id")
			.session("id")
			.detail("'token_revocation'")
			.from("revoked");
	}

	/**
	 * Ends a client's session because the code that started it was presented again.
	 * @return the session, if it was live
	 */
	Mono<UUID> revokeOnCodeReuse(UUID sessionId, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.SESSIONS_REVOKED, client)
			.user("user_id")
			.session("id")
			.detail("'authorization_code_reuse'")
			.from("revoked");
		return this.db.sql("""
				WITH revoked AS (
				    UPDATE sessions SET revoked_at = now(), revoke_reason = 'authorization_code_reuse'
				    WHERE id = :sessionId AND kind = 'client' AND revoked_at IS NULL
				    RETURNING id, user_id
				), %s
				SELECT id FROM revoked""".formatted(audit.cte()))
			.bind("sessionId", sessionId)
			.bindValues(audit.parameters())
			.map((row) -> row.get("id", UUID.class))
			.one();
	}

	/** The client sessions started from this browser session (ended ones too). */
	Flux<UUID> childrenOf(UUID sessionId) {
		return this.db.sql("SELECT id FROM sessions WHERE parent_id = :sessionId")
			.bind("sessionId", sessionId)
			.map((row) -> row.get("id", UUID.class))
			.all();
	}

	/**
	 * A client's session just started, with the methods of its browser session's sign-in.
	 */
	record StartedClientSession(LiveSession session, List<String> amr) {
	}

}
