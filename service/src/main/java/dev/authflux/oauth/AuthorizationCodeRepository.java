package dev.authflux.oauth;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Authorization codes and pending sign-ins ({@code prompt=login}, {@code max_age}) in
 * PostgreSQL, by SHA-256 only. Spending a code is one statement, so two exchanges racing
 * on one code are serialized by its row lock and only the first finds it unspent.
 */
@Repository
class AuthorizationCodeRepository {

	private final DatabaseClient db;

	AuthorizationCodeRepository(DatabaseClient db) {
		this.db = db;
	}

	Mono<Void> insert(byte[] codeHash, AuthorizationGrant grant, Duration lifetime) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				INSERT INTO authorization_codes (code_hash, client_id, user_id, browser_session_id, redirect_uri, scope,
				                                 nonce, code_challenge, auth_time, expires_at)
				VALUES (:codeHash, :clientId, :userId, :browserSessionId, :redirectUri, :scope, :nonce,
				        :codeChallenge, :authTime, now() + :lifetime * interval '1 second')""")
			.bind("codeHash", codeHash)
			.bind("clientId", grant.clientId())
			.bind("userId", grant.userId())
			.bind("browserSessionId", grant.browserSessionId())
			.bind("scope", grant.scope())
			.bind("authTime", grant.authTime())
			.bind("lifetime", lifetime.toSeconds());
		spec = bindNullable(spec, "redirectUri", grant.redirectUri());
		spec = bindNullable(spec, "nonce", grant.nonce());
		return bindNullable(spec, "codeChallenge", grant.codeChallenge()).then();
	}

	private static DatabaseClient.GenericExecuteSpec bindNullable(DatabaseClient.GenericExecuteSpec spec, String name,
			String value) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, String.class);
	}

	/**
	 * Spends the client's unexpired, unspent code and records the id of the session its
	 * exchange is about to start.
	 * @return what the code was issued for, or empty if it cannot be used
	 */
	Mono<SpentCode> spend(byte[] codeHash, String clientId) {
		return this.db.sql("""
				UPDATE authorization_codes SET used_at = now(), issued_session_id = gen_random_uuid()
				WHERE code_hash = :codeHash AND client_id = :clientId AND used_at IS NULL AND expires_at > now()
				RETURNING client_id, user_id, browser_session_id, redirect_uri, scope, nonce, code_challenge, auth_time,
				          issued_session_id""")
			.bind("codeHash", codeHash)
			.bind("clientId", clientId)
			.map((row) -> new SpentCode(row.get("issued_session_id", UUID.class),
					new AuthorizationGrant(row.get("client_id", String.class), row.get("user_id", UUID.class),
							row.get("browser_session_id", UUID.class), row.get("redirect_uri", String.class),
							row.get("scope", String.class), row.get("nonce", String.class),
							row.get("code_challenge", String.class), row.get("auth_time", Instant.class))))
			.one();
	}

	/** The session a spent code of this client issued, if it was spent. */
	Mono<UUID> issuedSessionOfSpent(byte[] codeHash, String clientId) {
		return this.db.sql("""
				SELECT issued_session_id FROM authorization_codes
				WHERE code_hash = :codeHash AND client_id = :clientId AND used_at IS NOT NULL
				  AND issued_session_id IS NOT NULL""")
			.bind("codeHash", codeHash)
			.bind("clientId", clientId)
			.map((row) -> row.get("issued_session_id", UUID.class))
			.one();
	}

	Mono<Void> insertLoginMarker(byte[] markerHash, Duration lifetime) {
		return this.db
			.sql("INSERT INTO authorization_logins (marker_hash, expires_at)"
					+ " VALUES (:markerHash, now() + :lifetime * interval '1 second')")
			.bind("markerHash", markerHash)
			.bind("lifetime", lifetime.toSeconds())
			.then();
	}

	/** When the pending sign-in of this marker began, if it has not expired. */
	Mono<Instant> loginMarkerCreatedAt(byte[] markerHash) {
		return this.db
			.sql("SELECT created_at FROM authorization_logins WHERE marker_hash = :markerHash AND expires_at > now()")
			.bind("markerHash", markerHash)
			.map((row) -> row.get("created_at", Instant.class))
			.one();
	}

	/**
	 * A code just spent.
	 *
	 * @param sessionId the id of the session its exchange starts
	 * @param grant what it was issued for
	 */
	record SpentCode(UUID sessionId, AuthorizationGrant grant) {
	}

}
