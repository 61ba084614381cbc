package dev.authflux.e2e;

import java.util.Map;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.InstanceBehindAProxy;
import dev.authflux.support.Loopback;
import dev.authflux.support.TestUsers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.authflux.support.InstanceBehindAProxy.newNetwork;
import static dev.authflux.support.Throttling.assertThrottled;
import static dev.authflux.support.Throttling.hashes;
import static dev.authflux.support.Throttling.wrong;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Brute-force throttling as an attacker meets it: per account and client (existing
 * account or not), per client IP across usernames, on the compatibility endpoint too, and
 * agreed between two instances. AccountProtectionE2ETests covers what keeps it from being
 * turned against the account's owner.
 */
@Tag("e2e")
class BruteForceE2ETests extends ApplicationTest {

	private static InstanceBehindAProxy behindProxy;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private DatabaseClient db;

	private AuthClient client;

	@BeforeAll
	static void startInstanceBehindAProxy() {
		behindProxy = InstanceBehindAProxy.start("authflux.throttle.ip-max-failures=10");
	}

	@AfterAll
	static void stopInstanceBehindAProxy() {
		behindProxy.close();
	}

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@Test
	void fiveFailuresThrottleTheAccountEvenForTheRightPasswordAndWithoutHashing() {
		TestUsers.Credentials alice = TestUsers.unique("alice");
		this.client.register(alice);
		failLogins(this.client, alice.username(), 5);

		double hashesBefore = hashes(this.meters);
		WebTestClient.BodyContentSpec throttled = assertThrottled(this.client.post("/api/v1/sessions", alice.json()));
		throttled.jsonPath("$.detail").isEqualTo("Too many failed attempts; retry later.");
		assertThat(hashes(this.meters)).as("refused before any password hash").isEqualTo(hashesBefore);
	}

	@Test
	void unknownAndExistingNamesAreThrottledAlike() {
		TestUsers.Credentials existing = TestUsers.unique("known");
		this.client.register(existing);
		TestUsers.Credentials unknown = TestUsers.unique("nobody");
		failLogins(this.client, existing.username(), 5);
		failLogins(this.client, unknown.username(), 5);

		byte[] forExisting = assertThrottled(this.client.post("/api/v1/sessions", existing.json())).returnResult()
			.getResponseBody();
		byte[] forUnknown = assertThrottled(this.client.post("/api/v1/sessions", unknown.json())).returnResult()
			.getResponseBody();
		assertThat(new String(forExisting)).isEqualTo(new String(forUnknown));
	}

	@Test
	void aSuccessEndsTheRunOfFailures() {
		TestUsers.Credentials bob = TestUsers.unique("bob");
		this.client.register(bob);
		failLogins(this.client, bob.username(), 4);
		this.client.login(bob);
		failLogins(this.client, bob.username(), 4);
		this.client.login(bob);
	}

	@Test
	void theDelayDoublesWithEachFurtherFailureUpToFifteenMinutes() {
		TestUsers.Credentials carol = TestUsers.unique("carol");
		this.client.register(carol);
		failLogins(this.client, carol.username(), 5);
		long[] expected = { 30, 60, 120, 240, 480, 900, 900 };
		for (long delay : expected) {
			long retryAfter = retryAfter(this.client.post("/api/v1/sessions", wrong(carol.username())));
			assertThat(retryAfter).isBetween(delay - 2, delay);
			// As if the delay had passed: the next failure must double it.
			this.db
				.sql("UPDATE login_failures SET blocked_until = now() - interval '1 second' "
						+ "WHERE scope = 'account_client' AND key = lower(:name)")
				.bind("name", carol.username())
				.then()
				.block();
			this.client.post("/api/v1/sessions", wrong(carol.username())).expectStatus().isUnauthorized();
		}
	}

	@Test
	void theOriginalEndpointIsThrottledInItsOwnErrorShape() {
		TestUsers.Credentials dave = TestUsers.unique("dave");
		this.client.post("/api/auth", dave.json()).expectStatus().isOk();
		for (int i = 0; i < 5; i++) {
			this.client.post("/api/auth", wrong(dave.username())).expectStatus().isUnauthorized();
		}
		this.client.post("/api/auth", dave.json())
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.errors")
			.isEqualTo("Too many failed attempts; retry later.");
	}

	@Test
	void oneIpFailingAcrossManyNamesIsThrottledForEveryName() {
		AuthClient fromOneIp = behindProxy.client(newNetwork());
		TestUsers.Credentials victim = TestUsers.unique("victim");
		fromOneIp.register(victim);
		for (int i = 0; i < 10; i++) {
			fromOneIp.post("/api/v1/sessions", wrong(TestUsers.unique("spray").username()))
				.expectStatus()
				.isUnauthorized();
		}
		assertThrottled(fromOneIp.post("/api/v1/sessions", victim.json()));
		// Another client is not affected.
		behindProxy.client(newNetwork()).login(victim);
	}

	@Test
	void twoInstancesCountTheSameFailures() {
		TestUsers.Credentials erin = TestUsers.unique("erin");
		this.client.register(erin);
		// One client, connecting from the same address to both instances.
		String address = Loopback.newAddress();
		AuthClient here = new AuthClient(Loopback.client(baseUrl(), address));
		AuthClient there = new AuthClient(Loopback.client(behindProxy.instance().baseUrl(), address));
		failLogins(here, erin.username(), 3);
		failLogins(there, erin.username(), 2);
		assertThrottled(here.post("/api/v1/sessions", erin.json()));
		assertThrottled(there.post("/api/v1/sessions", erin.json()));
	}

	@Test
	void forwardedForIsIgnoredUnlessThePeerIsATrustedProxy() {
		TestUsers.Credentials frank = TestUsers.unique("frank");
		this.client.register(frank);
		WebTestClient spoofing = this.http.mutate().defaultHeader("X-Forwarded-For", "198.51.100.7").build();
		Map<String, Object> session = new AuthClient(spoofing).login(frank).body();
		assertThat(recordedIp((String) session.get("session_id"))).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");

		WebTestClient proxied = behindProxy.http("198.51.100.7");
		Map<String, Object> viaProxy = new AuthClient(proxied).login(frank).body();
		assertThat(recordedIp((String) viaProxy.get("session_id"))).isEqualTo("198.51.100.7");
	}

	private static void failLogins(AuthClient client, String username, int times) {
		for (int i = 0; i < times; i++) {
			client.post("/api/v1/sessions", wrong(username)).expectStatus().isUnauthorized();
		}
	}

	private static long retryAfter(WebTestClient.ResponseSpec response) {
		return Long.parseLong(response.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.returnResult(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.getResponseHeaders()
			.getFirst("Retry-After"));
	}

	private String recordedIp(String sessionId) {
		return this.db.sql("SELECT ip FROM sessions WHERE id = :id::uuid")
			.bind("id", sessionId)
			.map((row) -> row.get("ip", String.class))
			.one()
			.block();
	}

}
