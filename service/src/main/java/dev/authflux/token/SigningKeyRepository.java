package dev.authflux.token;

import java.time.Duration;

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
				SELECT algorithm, retired_at IS NULL AS active, private_jwk FROM signing_keys
				WHERE retired_at IS NULL OR retired_at > now() - :grace * interval '1 second'
				ORDER BY created_at DESC""")
			.bind("grace", retiredKeyGrace.toSeconds())
			.map((row) -> new StoredKey(row.get("algorithm", String.class), row.get("active", Boolean.class),
					row.get("private_jwk", String.class)))
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

}
