package dev.authflux.token;

import java.time.Duration;
import java.time.Instant;

import dev.authflux.audit.AuditEvent;
import dev.authflux.audit.AuditInsert;
import dev.authflux.audit.ClientInfo;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** The signing keys every instance of the service shares. */
@Repository
class SigningKeyRepository {

	private final DatabaseClient db;

	SigningKeyRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Active keys and those retired recently enough that tokens they signed may still be
	 * alive.
	 */
	Flux<StoredKey> findUsable(Duration retiredKeyGrace) {
		return this.db.sql("""
				SELECT algorithm, retired_at IS NULL AS active, private_jwk, created_at FROM signing_keys
				WHERE retired_at IS NULL OR retired_at > now() - :grace * interval '1 second'
				ORDER BY created_at DESC""")
			.bind("grace", retiredKeyGrace.toSeconds())
			.map((row) -> new StoredKey(row.get("algorithm", String.class), row.get("active", Boolean.class),
					row.get("private_jwk", String.class), row.get("created_at", Instant.class)))
			.all();
	}

	/**
	 * Stores a key as the active one for its algorithm unless another instance got there
	 * first: the partial unique index keeps one active key per algorithm.
	 */
	Mono<Void> insertIfNoneActive(String kid, String algorithm, String privateJwk) {
		return this.db.sql("""
				INSERT INTO signing_keys (kid, algorithm, private_jwk) VALUES (:kid, :algorithm, :jwk)
				ON CONFLICT (algorithm) WHERE retired_at IS NULL DO NOTHING""")
			.bind("kid", kid)
			.bind("algorithm", algorithm)
			.bind("jwk", privateJwk)
			.then();
	}

	/**
	 * Rotation in one statement: retires {@code retiring}, stores the new key as the
	 * active one of its algorithm and records the audit event, so no instance ever reads
	 * a moment without an active key. Only if {@code retiring} is still the active key:
	 * of several instances rotating the same key at once, the first retires it and the
	 * others, after waiting for its row lock, find it retired and change nothing.
	 * @param reason why ({@code scheduled}, {@code on_demand}), for the audit event
	 * @return the new key's id, or empty if {@code retiring} was no longer active
	 */
	Mono<String> rotate(String retiring, String kid, String algorithm, String privateJwk, String reason,
			ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.KEY_ROTATED, client)
			.detail(":reason || ' retired=' || r.kid || ' active=' || c.kid")
			.from("retired r CROSS JOIN created c");
		return this.db.sql("""
				WITH retired AS (
				    UPDATE signing_keys SET retired_at = now()
				    WHERE kid = :retiring AND algorithm = :algorithm AND retired_at IS NULL
				    RETURNING kid
				), created AS (
				    INSERT INTO signing_keys (kid, algorithm, private_jwk)
				    SELECT :kid, :algorithm, :jwk FROM retired
				    RETURNING kid
				), %s
				SELECT kid FROM created""".formatted(audit.cte()))
			.bind("retiring", retiring)
			.bind("kid", kid)
			.bind("algorithm", algorithm)
			.bind("jwk", privateJwk)
			.bind("reason", reason)
			.bindValues(audit.parameters())
			.map((row) -> row.get("kid", String.class))
			.one();
	}

}
