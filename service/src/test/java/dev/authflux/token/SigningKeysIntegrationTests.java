package dev.authflux.token;

import java.security.SecureRandom;
import java.time.Clock;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.TestProperties;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing keys are created once and shared by every instance through the database. */
class SigningKeysIntegrationTests extends ApplicationTest {

	@Autowired
	private SigningKeyRepository repository;

	@Autowired
	private TokenProperties properties;

	@Autowired
	private DatabaseClient db;

	/**
	 * The application's DRBG: a plain {@code this.random} reads /dev/urandom per call.
	 */
	@Autowired
	private SecureRandom random;

	@Test
	void instancesStartingTogetherAgreeOnOneKey() {
		// Three "instances" with their own caches, loading at the same moment.
		java.util.List<String> jwks = Flux.range(0, 3)
			.flatMap((i) -> new SigningKeys(this.repository, this.properties, this.random, Clock.systemUTC()).current())
			.map((keys) -> new String(keys.jwksJson()))
			.collectList()
			.block();
		assertThat(jwks).hasSize(3).containsOnly(jwks.get(0));
		long active = this.db.sql("SELECT count(*) FROM signing_keys WHERE retired_at IS NULL AND algorithm = 'ES256'")
			.map((row) -> row.get(0, Long.class))
			.one()
			.block();
		assertThat(active).isEqualTo(1);
	}

	@Test
	void otherAlgorithmsGetTheirOwnKey() {
		for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
			TokenProperties configured = TestProperties.bind("authflux.token", TokenProperties.class,
					"algorithm=" + algorithm.name());
			SigningKeys keys = new SigningKeys(this.repository, configured, this.random, Clock.systemUTC());
			AccessTokens tokens = new AccessTokens(keys, configured, this.random, Clock.systemUTC());
			java.util.UUID user = java.util.UUID.randomUUID();
			java.util.UUID session = java.util.UUID.randomUUID();
			AccessTokenClaims claims = tokens.issue(user, "someone", session)
				.flatMap((token) -> tokens.verify(token.value()))
				.block();
			assertThat(claims.userId()).isEqualTo(user);
			assertThat(claims.sessionId()).isEqualTo(session);
			assertThat(new String(keys.current().block().jwksJson())).contains(algorithm.jwsAlgorithm().getName());
		}
	}

}
