package dev.authflux.token;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.authflux.support.ApplicationTest;
import dev.authflux.support.Jwks;
import dev.authflux.support.MutableClock;
import dev.authflux.support.TestProperties;
import dev.authflux.support.TestUsers;
import dev.authflux.web.UnauthorizedException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotation of both key families (ES256 access tokens, RS256 ID tokens: the defaults)
 * against the real database, by instances of the key components built here, so each test
 * knows which keys its instances have in memory.
 */
class KeyRotationIntegrationTests extends ApplicationTest {

	@Autowired
	private SigningKeyRepository repository;

	@Autowired
	private TokenProperties properties;

	@Autowired
	private DatabaseClient db;

	@Autowired
	private SecureRandom random;

	@Test
	void rotateRetiresTheActiveKeyOfEachFamilyAndActivatesANewOneInOneStep() {
		Instance instance = new Instance(Clock.systemUTC());
		String old = activeKidInDatabase();
		String oldIdTokenKey = activeKidInDatabase("RS256");
		String before = instance.issue();
		String idTokenBefore = instance.issueIdToken(Instant.now());
		assertThat(signingKid(instance)).isEqualTo(old);
		assertThat(Jwks.kidOf(idTokenBefore)).isEqualTo(oldIdTokenKey);

		RotatedKeys rotated = instance.rotation.rotate(TestUsers.CLIENT).block();

		assertThat(rotated.retiredKid()).isEqualTo(old);
		assertThat(rotated.kid()).isNotEqualTo(old).isEqualTo(activeKidInDatabase());
		assertThat(rotated.algorithm()).isEqualTo("ES256");
		assertThat(rotated.idToken().retiredKid()).isEqualTo(oldIdTokenKey);
		assertThat(rotated.idToken().kid()).isNotEqualTo(oldIdTokenKey).isEqualTo(activeKidInDatabase("RS256"));
		assertThat(rotated.idToken().algorithm()).isEqualTo("RS256");
		for (RotatedKey family : List.of(new RotatedKey(rotated.kid(), "ES256", old), rotated.idToken())) {
			assertThat(this.db.sql("""
					SELECT o.retired_at = n.created_at FROM signing_keys o, signing_keys n
					WHERE o.kid = :old AND n.kid = :new""")
				.bind("old", family.retiredKid())
				.bind("new", family.kid())
				.map((row) -> row.get(0, Boolean.class))
				.one()
				.block()).as("retired in the same statement that stored its successor").isTrue();
			assertThat(auditEventsRetiring(family.retiredKid())).singleElement()
				.satisfies((event) -> assertThat(event)
					.containsEntry("detail", "on_demand retired=" + family.retiredKid() + " active=" + family.kid())
					.containsEntry("ip", "127.0.0.1"));
		}
		// The rotating instance signs with the new keys at once, and still accepts the
		// old.
		assertThat(signingKid(instance)).isEqualTo(rotated.kid());
		assertThat(Jwks.kidOf(instance.issueIdToken(Instant.now()))).isEqualTo(rotated.idToken().kid());
		assertThat(new String(instance.keys.current().block().jwksJson())).contains(old, rotated.kid(), oldIdTokenKey,
				rotated.idToken().kid());
		StepVerifier.create(instance.tokens.verify(before)).expectNextCount(1).verifyComplete();
		StepVerifier.create(instance.idTokens.verifyHint(idTokenBefore)).expectNextCount(1).verifyComplete();
	}

	/**
	 * With one algorithm for both, the one key is rotated once, and the answer names it
	 * for both.
	 */
	@Test
	void rotateWhenBothFamiliesShareTheAlgorithmThenOneKeyIsRotated() {
		TokenProperties shared = TestProperties.bind("authflux.token", TokenProperties.class,
				"id-token-algorithm=ES256");
		Instance instance = new Instance(Clock.systemUTC(), shared);
		String old = activeKidInDatabase();
		String oldRs256 = activeKidInDatabase("RS256");
		long keysBefore = count("SELECT count(*) FROM signing_keys");

		RotatedKeys rotated = instance.rotation.rotate(TestUsers.CLIENT).block();

		assertThat(rotated.idToken()).isEqualTo(new RotatedKey(rotated.kid(), "ES256", old));
		assertThat(count("SELECT count(*) FROM signing_keys")).isEqualTo(keysBefore + 1);
		assertThat(activeKidInDatabase("RS256")).isEqualTo(oldRs256);
		assertThat(Jwks.kidOf(instance.issueIdToken(Instant.now()))).isEqualTo(rotated.kid());
	}

	@Test
	void rotateWhenTwoInstancesRotateTheSameKeyAtOnceThenExactlyOneNewKey() {
		Instance first = new Instance(Clock.systemUTC());
		Instance second = new Instance(Clock.systemUTC());
		String old = signingKid(first);
		assertThat(signingKid(second)).isEqualTo(old);
		long keysBefore = count("SELECT count(*) FROM signing_keys");

		String oldIdTokenKey = activeKidInDatabase("RS256");

		List<RotatedKeys> results = Flux
			.merge(first.rotation.rotate(TestUsers.CLIENT).subscribeOn(Schedulers.parallel()),
					second.rotation.rotate(TestUsers.CLIENT).subscribeOn(Schedulers.parallel()))
			.collectList()
			.block();

		assertThat(count("SELECT count(*) FROM signing_keys")).as("one new key per family").isEqualTo(keysBefore + 2);
		assertThat(count("SELECT count(*) FROM signing_keys WHERE algorithm = 'ES256' AND retired_at IS NULL"))
			.isEqualTo(1);
		assertThat(count("SELECT count(*) FROM signing_keys WHERE algorithm = 'RS256' AND retired_at IS NULL"))
			.isEqualTo(1);
		assertThat(auditEventsRetiring(old)).hasSize(1);
		assertThat(auditEventsRetiring(oldIdTokenKey)).hasSize(1);
		String active = activeKidInDatabase();
		String activeIdTokenKey = activeKidInDatabase("RS256");
		assertThat(results).hasSize(2)
			.allSatisfy((result) -> assertThat(result).isEqualTo(new RotatedKeys(new RotatedKey(active, "ES256", old),
					new RotatedKey(activeIdTokenKey, "RS256", oldIdTokenKey))));
		assertThat(signingKid(first)).isEqualTo(active);
		assertThat(signingKid(second)).isEqualTo(active);
		assertThat(first.keys.current().block().idTokenKey().kid()).isEqualTo(activeIdTokenKey);
		assertThat(second.keys.current().block().idTokenKey().kid()).isEqualTo(activeIdTokenKey);
	}

	@Test
	void runWhenTheActiveKeyIsYoungerThanThePeriodThenNothingChanges() {
		MutableClock clock = MutableClock.now();
		clock.advance(this.properties.keyRotationPeriod().minusHours(1));
		Instance instance = new Instance(clock);
		String active = activeKidInDatabase();
		String activeIdTokenKey = activeKidInDatabase("RS256");
		assertThat(signingKid(instance)).isEqualTo(active);

		assertThat(instance.rotation.run().block()).isZero();

		assertThat(activeKidInDatabase()).isEqualTo(active);
		assertThat(activeKidInDatabase("RS256")).isEqualTo(activeIdTokenKey);
		assertThat(auditEventsRetiring(active)).isEmpty();
		assertThat(auditEventsRetiring(activeIdTokenKey)).isEmpty();
	}

	@Test
	void runWhenTheActiveKeyIsOlderThanThePeriodThenItIsRotated() {
		MutableClock clock = MutableClock.now();
		clock.advance(this.properties.keyRotationPeriod().plusMinutes(1));
		Instance instance = new Instance(clock);
		String old = activeKidInDatabase();
		String oldIdTokenKey = activeKidInDatabase("RS256");
		assertThat(signingKid(instance)).isEqualTo(old);

		assertThat(instance.rotation.run().block()).as("two keys retired, two stored").isEqualTo(4);

		String active = activeKidInDatabase();
		String activeIdTokenKey = activeKidInDatabase("RS256");
		assertThat(active).isNotEqualTo(old);
		assertThat(activeIdTokenKey).isNotEqualTo(oldIdTokenKey);
		assertThat(signingKid(instance)).isEqualTo(active);
		assertThat(instance.keys.current().block().idTokenKey().kid()).isEqualTo(activeIdTokenKey);
		assertThat(auditEventsRetiring(old)).singleElement()
			.satisfies((event) -> assertThat(event)
				.containsEntry("detail", "scheduled retired=" + old + " active=" + active)
				.containsEntry("ip", null));
		assertThat(auditEventsRetiring(oldIdTokenKey)).singleElement()
			.satisfies((event) -> assertThat(event).containsEntry("detail",
					"scheduled retired=" + oldIdTokenKey + " active=" + activeIdTokenKey));
		// Every instance runs the task: one that comes second finds young keys.
		assertThat(new Instance(Clock.systemUTC()).rotation.run().block()).isZero();
		assertThat(activeKidInDatabase()).isEqualTo(active);
		assertThat(activeKidInDatabase("RS256")).isEqualTo(activeIdTokenKey);
	}

	/** Each family is rotated by its own key's age. */
	@Test
	void runWhenOnlyTheIdTokenKeyIsOlderThanThePeriodThenOnlyItIsRotated() {
		String accessTokenKey = activeKidInDatabase();
		String oldIdTokenKey = activeKidInDatabase("RS256");
		this.db.sql("UPDATE signing_keys SET created_at = now() - :age * interval '1 second' WHERE kid = :kid")
			.bind("age", this.properties.keyRotationPeriod().plusMinutes(1).toSeconds())
			.bind("kid", oldIdTokenKey)
			.then()
			.block();
		Instance instance = new Instance(Clock.systemUTC());

		assertThat(instance.rotation.run().block()).isEqualTo(2);

		assertThat(activeKidInDatabase()).isEqualTo(accessTokenKey);
		assertThat(auditEventsRetiring(accessTokenKey)).isEmpty();
		String activeIdTokenKey = activeKidInDatabase("RS256");
		assertThat(activeIdTokenKey).isNotEqualTo(oldIdTokenKey);
		assertThat(auditEventsRetiring(oldIdTokenKey)).singleElement()
			.satisfies((event) -> assertThat(event).containsEntry("detail",
					"scheduled retired=" + oldIdTokenKey + " active=" + activeIdTokenKey));
	}

	@Test
	void retiredKeyVerifiesForItsGraceAndIsDroppedAfter() {
		Duration grace = this.properties.retiredKeyGrace();
		assertThat(grace).as("a token signed with a key an instance has not yet learned is retired still verifies")
			.isGreaterThanOrEqualTo(this.properties.accessTokenTtl()
				.plus(this.properties.clockSkew())
				.plus(this.properties.keyRefreshInterval()));
		Instance instance = new Instance(Clock.systemUTC());
		String token = instance.issue();
		// Expired already: a hint is accepted while its key is published.
		String idToken = instance.issueIdToken(Instant.now().minus(Duration.ofHours(2)));
		RotatedKeys rotated = instance.rotation.rotate(TestUsers.CLIENT).block();
		String old = rotated.retiredKid();
		String oldIdTokenKey = rotated.idToken().retiredKid();

		retire(old, grace.minusMinutes(1));
		retire(oldIdTokenKey, grace.minusMinutes(1));
		instance.keys.reload().block();
		assertThat(new String(instance.keys.current().block().jwksJson())).contains(old, oldIdTokenKey);
		StepVerifier.create(instance.tokens.verify(token)).expectNextCount(1).verifyComplete();
		StepVerifier.create(instance.idTokens.verifyHint(idToken)).expectNextCount(1).verifyComplete();

		retire(old, grace.plusMinutes(1));
		retire(oldIdTokenKey, grace.plusMinutes(1));
		instance.keys.reload().block();
		assertThat(new String(instance.keys.current().block().jwksJson())).doesNotContain(old)
			.doesNotContain(oldIdTokenKey);
		StepVerifier.create(instance.tokens.verify(token)).expectError(UnauthorizedException.class).verify();
		StepVerifier.create(instance.idTokens.verifyHint(idToken))
			.expectError(InvalidIdTokenHintException.class)
			.verify();
	}

	private void retire(String kid, Duration ago) {
		this.db.sql("UPDATE signing_keys SET retired_at = now() - :ago * interval '1 second' WHERE kid = :kid")
			.bind("ago", ago.toSeconds())
			.bind("kid", kid)
			.then()
			.block();
	}

	private static String signingKid(Instance instance) {
		return instance.keys.current().block().activeKid();
	}

	private String activeKidInDatabase() {
		return activeKidInDatabase("ES256");
	}

	private String activeKidInDatabase(String algorithm) {
		return this.db.sql("SELECT kid FROM signing_keys WHERE algorithm = :algorithm AND retired_at IS NULL")
			.bind("algorithm", algorithm)
			.map((row) -> row.get("kid", String.class))
			.one()
			.block();
	}

	private List<Map<String, Object>> auditEventsRetiring(String kid) {
		return this.db.sql("""
				SELECT detail, ip FROM audit_events
				WHERE event = 'key_rotated' AND detail LIKE '% retired=' || :kid || ' %'""")
			.bind("kid", kid)
			.fetch()
			.all()
			.collectList()
			.block();
	}

	private long count(String sql) {
		return this.db.sql(sql).map((row) -> row.get(0, Long.class)).one().block();
	}

	/**
	 * One instance's signing keys, rotation and tokens, on the shared database. It hears
	 * no notifications: its keys change only when it reads them.
	 */
	private final class Instance {

		private final SigningKeys keys;

		private final KeyRotation rotation;

		private final AccessTokens tokens;

		private final IdTokens idTokens;

		private final TokenProperties properties;

		Instance(Clock clock) {
			this(clock, KeyRotationIntegrationTests.this.properties);
		}

		Instance(Clock clock, TokenProperties properties) {
			SecureRandom random = KeyRotationIntegrationTests.this.random;
			this.properties = properties;
			this.keys = new SigningKeys(KeyRotationIntegrationTests.this.repository, properties, random, clock);
			this.rotation = new KeyRotation(this.keys, KeyRotationIntegrationTests.this.repository, properties, clock);
			this.tokens = new AccessTokens(this.keys, properties, random, Clock.systemUTC());
			this.idTokens = new IdTokens(this.keys, properties);
		}

		String issue() {
			return this.tokens.issue(UUID.randomUUID(), "someone", UUID.randomUUID()).block().value();
		}

		String issueIdToken(Instant issuedAt) {
			return this.idTokens
				.sign(new JWTClaimsSet.Builder().issuer(this.properties.issuer())
					.subject(UUID.randomUUID().toString())
					.audience("some-client")
					.issueTime(Date.from(issuedAt))
					.expirationTime(Date.from(issuedAt.plus(Duration.ofMinutes(10))))
					.build())
				.block();
		}

	}

}
