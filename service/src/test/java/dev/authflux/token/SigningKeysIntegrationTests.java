package dev.authflux.token;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.Jwks;
import dev.authflux.support.OtherInstance;
import dev.authflux.support.TestDatabase;
import dev.authflux.support.TestProperties;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Signing keys, one active key per family, are created once and shared by every instance
 * through the database.
 */
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

	/**
	 * As on a first start: no active key of either family. The keys retired here stay
	 * usable for their grace, so tokens other tests hold keep verifying.
	 */
	@Test
	void instancesStartingTogetherWithNoKeysAgreeOnOneKeyPerFamily() {
		this.db.sql("UPDATE signing_keys SET retired_at = now() WHERE retired_at IS NULL").then().block();

		// Three "instances" with their own caches, loading at the same moment.
		List<KeySet> loaded = Flux.range(0, 3)
			.flatMap((i) -> new SigningKeys(this.repository, this.properties, this.random, Clock.systemUTC()).current()
				.subscribeOn(Schedulers.parallel()))
			.collectList()
			.block();

		String accessTokenKey = activeKid("ES256");
		String idTokenKey = activeKid("RS256");
		assertThat(loaded).hasSize(3).allSatisfy((keys) -> {
			assertThat(keys.activeKid()).isEqualTo(accessTokenKey);
			assertThat(keys.idTokenKey().kid()).isEqualTo(idTokenKey);
			assertThat(new String(keys.jwksJson())).contains(accessTokenKey, idTokenKey);
		});
		assertThat(loaded).extracting((keys) -> new String(keys.jwksJson()))
			.containsOnly(new String(loaded.get(0).jwksJson()));
		assertThat(this.db
			.sql("SELECT algorithm, count(*) AS n FROM signing_keys WHERE retired_at IS NULL GROUP BY algorithm")
			.map((row) -> row.get("algorithm", String.class) + "=" + row.get("n", Long.class))
			.all()
			.collectList()
			.block()).contains("ES256=1", "RS256=1");
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
			// The ID-token family (RS256) beside it, whatever the access tokens use.
			assertThat(keys.current().block().idTokenKey().header().getAlgorithm().getName()).isEqualTo("RS256");
			assertThat(new String(keys.current().block().jwksJson())).contains(activeKid("RS256"));
		}
	}

	private String activeKid(String algorithm) {
		return this.db.sql("SELECT kid FROM signing_keys WHERE algorithm = :algorithm AND retired_at IS NULL")
			.bind("algorithm", algorithm)
			.map((row) -> row.get("kid", String.class))
			.one()
			.block();
	}

	/**
	 * Covers any path that changes a key, the service's statements and an operator's
	 * alike: the trigger announces it.
	 */
	@Test
	void everyChangeOfASigningKeyIsAnnouncedWithItsKid() throws Exception {
		JWK key = SigningAlgorithm.ES256.generate();
		try (Connection listener = TestDatabase.shared().connect(); Statement statement = listener.createStatement()) {
			statement.execute("LISTEN " + SigningKeys.CHANNEL);
			// Retired long ago, so no instance signs or verifies with it.
			this.db.sql("""
					INSERT INTO signing_keys (kid, algorithm, private_jwk, created_at, retired_at)
					VALUES (:kid, 'ES256', :jwk, now() - interval '60 days', now() - interval '30 days')""")
				.bind("kid", key.getKeyID())
				.bind("jwk", key.toJSONString())
				.then()
				.block();
			this.db.sql("UPDATE signing_keys SET retired_at = retired_at - interval '1 day' WHERE kid = :kid")
				.bind("kid", key.getKeyID())
				.then()
				.block();
			this.db.sql("DELETE FROM signing_keys WHERE kid = :kid").bind("kid", key.getKeyID()).then().block();

			assertThat(notifiedKids(listener, key.getKeyID(), 3)).as("insert, update and delete announced").hasSize(3);
		}
	}

	/**
	 * The other instance re-reads its keys only every hour on its own, so only the
	 * announcement can bring it the new key within the bound.
	 */
	@Test
	void keyReplacedByHandInSqlReachesARunningInstanceWithoutARestart() throws Exception {
		try (OtherInstance other = OtherInstance.start("authflux.token.key-refresh-interval=1h")) {
			AuthClient there = new AuthClient(other.http());
			TestUsers.Credentials user = TestUsers.unique("keys");
			String before = Jwks.kidOf(there.registerAndLogin(user).accessToken());
			JWK replacement = SigningAlgorithm.ES256.generate();

			this.db.sql("""
					WITH retired AS (
					    UPDATE signing_keys SET retired_at = now()
					    WHERE algorithm = 'ES256' AND retired_at IS NULL
					    RETURNING kid
					)
					INSERT INTO signing_keys (kid, algorithm, private_jwk) SELECT :kid, 'ES256', :jwk FROM retired""")
				.bind("kid", replacement.getKeyID())
				.bind("jwk", replacement.toJSONString())
				.then()
				.block();

			await().untilAsserted(() -> assertThat(Jwks.kids(other.http())).contains(replacement.getKeyID(), before));
			assertThat(Jwks.kidOf(there.login(user).accessToken())).isEqualTo(replacement.getKeyID());
		}
	}

	/**
	 * Notifications with this payload, until there are as many as expected or 10 s pass.
	 */
	private static List<String> notifiedKids(Connection listener, String kid, int expected) throws Exception {
		List<String> kids = new ArrayList<>();
		Instant giveUp = Instant.now().plusSeconds(10);
		while (kids.size() < expected && Instant.now().isBefore(giveUp)) {
			PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(500);
			for (PGNotification notification : (notifications != null) ? notifications : new PGNotification[0]) {
				if (notification.getName().equals(SigningKeys.CHANNEL) && notification.getParameter().equals(kid)) {
					kids.add(notification.getParameter());
				}
			}
		}
		return kids;
	}

}
