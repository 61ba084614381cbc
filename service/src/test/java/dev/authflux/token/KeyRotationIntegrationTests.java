package dev.authflux.token;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.MutableClock;
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
 * Rotation against the real database, by instances of the key components built here, so
 * each test knows which key its instances have in memory.
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
	void rotateRetiresTheActiveKeyAndActivatesANewOneInOneStep() {
		Instance instance = new Instance(Clock.systemUTC());
		String old = activeKidInDatabase();
		String before = instance.issue();
		assertThat(signingKid(instance)).isEqualTo(old);

		RotatedKey rotated = instance.rotation.rotate(TestUsers.CLIENT).block();

		assertThat(rotated.retiredKid()).isEqualTo(old);
		assertThat(rotated.kid()).isNotEqualTo(old).isEqualTo(activeKidInDatabase());
		assertThat(rotated.algorithm()).isEqualTo("ES256");
		assertThat(this.db.sql("""
				SELECT o.retired_at = n.created_at FROM signing_keys o, signing_keys n
				WHERE o.kid = :old AND n.kid = :new""")
			.bind("old", old)
			.bind("new", rotated.kid())
			.map((row) -> row.get(0, Boolean.class))
			.one()
			.block()).as("retired in the same statement that stored its successor").isTrue();
		assertThat(auditEventsRetiring(old)).singleElement()
			.satisfies((event) -> assertThat(event)
				.containsEntry("detail", "on_demand retired=" + old + " active=" + rotated.kid())
				.containsEntry("ip", "127.0.0.1"));
		// The rotating instance signs with the new key at once, and still accepts the
		// old.
		assertThat(signingKid(instance)).isEqualTo(rotated.kid());
		assertThat(new String(instance.keys.current().block().jwksJson())).contains(old, rotated.kid());
		StepVerifier.create(instance.tokens.verify(before)).expectNextCount(1).verifyComplete();
	}

	@Test
	void rotateWhenTwoInstancesRotateTheSameKeyAtOnceThenExactlyOneNewKey() {
		Instance first = new Instance(Clock.systemUTC());
		Instance second = new Instance(Clock.systemUTC());
		String old = signingKid(first);
		assertThat(signingKid(second)).isEqualTo(old);
		long keysBefore = count("SELECT count(*) FROM signing_keys");

		List<RotatedKey> results = Flux
			.merge(first.rotation.rotate(TestUsers.CLIENT).subscribeOn(Schedulers.parallel()),
					second.rotation.rotate(TestUsers.CLIENT).subscribeOn(Schedulers.parallel()))
			.collectList()
			.block();

		assertThat(count("SELECT count(*) FROM signing_keys")).isEqualTo(keysBefore + 1);
		assertThat(count("SELECT count(*) FROM signing_keys WHERE algorithm = 'ES256' AND retired_at IS NULL"))
			.isEqualTo(1);
		assertThat(auditEventsRetiring(old)).hasSize(1);
		String active = activeKidInDatabase();
		assertThat(results).hasSize(2)
			.allSatisfy((result) -> assertThat(result).isEqualTo(new RotatedKey(active, "ES256", old)));
		assertThat(signingKid(first)).isEqualTo(active);
		assertThat(signingKid(second)).isEqualTo(active);
	}

	@Test
	void runWhenTheActiveKeyIsYoungerThanThePeriodThenNothingChanges() {
		MutableClock clock = MutableClock.now();
		clock.advance(this.properties.keyRotationPeriod().minusHours(1));
		Instance instance = new Instance(clock);
		String active = activeKidInDatabase();
		assertThat(signingKid(instance)).isEqualTo(active);

		assertThat(instance.rotation.run().block()).isZero();

		assertThat(activeKidInDatabase()).isEqualTo(active);
		assertThat(auditEventsRetiring(active)).isEmpty();
	}

	@Test
	void runWhenTheActiveKeyIsOlderThanThePeriodThenItIsRotated() {
		MutableClock clock = MutableClock.now();
		clock.advance(this.properties.keyRotationPeriod().plusMinutes(1));
		Instance instance = new Instance(clock);
		String old = activeKidInDatabase();
		assertThat(signingKid(instance)).isEqualTo(old);

		assertThat(instance.rotation.run().block()).isEqualTo(2);

		String active = activeKidInDatabase();
		assertThat(active).isNotEqualTo(old);
		assertThat(signingKid(instance)).isEqualTo(active);
		assertThat(auditEventsRetiring(old)).singleElement()
			.satisfies((event) -> assertThat(event)
				.containsEntry("detail", "scheduled retired=" + old + " active=" + active)
				.containsEntry("ip", null));
		// Every instance runs the task: one that comes second finds a young key.
		assertThat(new Instance(Clock.systemUTC()).rotation.run().block()).isZero();
		assertThat(activeKidInDatabase()).isEqualTo(active);
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
		String old = instance.rotation.rotate(TestUsers.CLIENT).block().retiredKid();

		retire(old, grace.minusMinutes(1));
		instance.keys.reload().block();
		assertThat(new String(instance.keys.current().block().jwksJson())).contains(old);
		StepVerifier.create(instance.tokens.verify(token)).expectNextCount(1).verifyComplete();

		retire(old, grace.plusMinutes(1));
		instance.keys.reload().block();
		assertThat(new String(instance.keys.current().block().jwksJson())).doesNotContain(old);
		StepVerifier.create(instance.tokens.verify(token)).expectError(UnauthorizedException.class).verify();
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
		return this.db.sql("SELECT kid FROM signing_keys WHERE algorithm = 'ES256' AND retired_at IS NULL")
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

		Instance(Clock clock) {
			TokenProperties properties = KeyRotationIntegrationTests.this.properties;
			SecureRandom random = KeyRotationIntegrationTests.this.random;
			this.keys = new SigningKeys(KeyRotationIntegrationTests.this.repository, properties, random, clock);
			this.rotation = new KeyRotation(this.keys, KeyRotationIntegrationTests.this.repository, properties, clock);
			this.tokens = new AccessTokens(this.keys, properties, random, Clock.systemUTC());
		}

		String issue() {
			return this.tokens.issue(UUID.randomUUID(), "someone", UUID.randomUUID()).block().value();
		}

	}

}
