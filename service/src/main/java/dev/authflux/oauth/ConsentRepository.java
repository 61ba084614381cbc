package dev.authflux.oauth;

import java.util.UUID;

import dev.authflux.audit.AuditEvent;
import dev.authflux.audit.AuditInsert;
import dev.authflux.audit.ClientInfo;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The consents users gave on the consent page, one row per user and client, and the audit
 * events of their answers, each written by the statement that records the answer.
 */
@Repository
class ConsentRepository {

	private final DatabaseClient db;

	ConsentRepository(DatabaseClient db) {
		this.db = db;
	}

	/** The scopes the user has granted the client, space-separated; empty if none. */
	Mono<String> grantedScope(UUID userId, String clientId) {
		return this.db.sql("SELECT granted_scope FROM oauth_consents WHERE user_id = :userId AND client_id = :clientId")
			.bind("userId", userId)
			.bind("clientId", clientId)
			.map((row) -> row.get("granted_scope", String.class))
			.one();
	}

	/**
	 * Adds {@code scope} to what the user has granted the client, audited. A client
	 * deleted meanwhile leaves no row to insert, rather than a foreign key error.
	 */
	Mono<Void> grant(UUID userId, String clientId, String scope, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.CONSENT_GRANTED, client)
			.user("user_id")
			.detail("'oauth_client:' || client_id")
			.from("granted");
		return this.db
			.sql("""
					WITH granted AS (
					    INSERT INTO oauth_consents AS c (user_id, client_id, granted_scope)
					    SELECT :userId, client_id, :scope FROM oauth_clients WHERE client_id = :clientId
					    ON CONFLICT (user_id, client_id) DO UPDATE
					    SET granted_scope = (SELECT string_agg(DISTINCT token, ' ' ORDER BY token)
					                         FROM unnest(string_to_array(c.granted_scope || ' ' || EXCLUDED.granted_scope, ' '))
					                              AS token
					                         WHERE token <> ''),
					        granted_at = now()
					    RETURNING user_id, client_id
					), %s
					SELECT count(*) FROM granted"""
				.formatted(audit.cte()))
			.bind("userId", userId)
			.bind("clientId", clientId)
			.bind("scope", scope)
			.bindValues(audit.parameters())
			.then();
	}

	/** Records, for the audit log, that the user refused the client. */
	Mono<Void> denied(UUID userId, String clientId, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.CONSENT_DENIED, client)
			.user(":userId")
			.detail("'oauth_client:' || :clientId");
		return this.db.sql("WITH %s SELECT 1".formatted(audit.cte()))
			.bind("userId", userId)
			.bind("clientId", clientId)
			.bindValues(audit.parameters())
			.then();
	}

}
