package dev.authflux.oauth;

import dev.authflux.system.HousekeepingTask;
import dev.authflux.token.TokenProperties;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Deletes expired pending sign-ins, and codes whose replay can no longer matter: a spent
 * code is kept past its expiry for as long as the access token of its exchange lives, so
 * that presenting it again still revokes that token's session.
 */
@Component
class ExpiredAuthorizations implements HousekeepingTask {

	private final DatabaseClient db;

	private final TokenProperties tokens;

	ExpiredAuthorizations(DatabaseClient db, TokenProperties tokens) {
		this.db = db;
		this.tokens = tokens;
	}

	@Override
	public String name() {
		return "delete expired authorization codes and pending sign-ins";
	}

	@Override
	public Mono<Long> run() {
		return this.db.sql("""
				WITH codes AS (
				    DELETE FROM authorization_codes WHERE expires_at < now() - :keep * interval '1 second'
				    RETURNING 1
				), logins AS (
				    DELETE FROM authorization_logins WHERE expires_at < now()
				    RETURNING 1
				)
				SELECT (SELECT count(*) FROM codes) + (SELECT count(*) FROM logins) AS deleted""")
			.bind("keep", this.tokens.accessTokenTtl().toSeconds())
			.map((row) -> row.get("deleted", Long.class))
			.one();
	}

}
