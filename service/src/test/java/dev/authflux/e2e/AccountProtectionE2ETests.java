package dev.authflux.e2e;

import java.util.List;
import java.util.Map;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.InstanceBehindAProxy;
import dev.authflux.support.TestUsers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static dev.authflux.support.InstanceBehindAProxy.newNetwork;
import static dev.authflux.support.Throttling.assertThrottled;
import static dev.authflux.support.Throttling.hashes;
import static dev.authflux.support.Throttling.wrong;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks that turned the brute-force throttle against the people it protects, or
 * walked around it, each named after what it can no longer do. Every client here is a
 * network of its own: the instance under attack trusts this JVM as its proxy, and each
 * test speaks for fresh addresses through {@code X-Forwarded-For}.
 */
@Tag("e2e")
class AccountProtectionE2ETests extends ApplicationTest {

	private static InstanceBehindAProxy proxy;

	/** The meters of the instance behind the proxy. */
	private static MeterRegistry meters;

	@Autowired
	private DatabaseClient db;

	@BeforeAll
	static void startInstanceBehindAProxy() {
		// Limits low enough to reach, never from 127.0.0.1.
		proxy = InstanceBehindAProxy.start("authflux.throttle.ip-max-failures=10",
				"authflux.throttle.registration-max-taken=10", "authflux.throttle.client-auth-max-failures=10",
				"authflux.admin.client-secret=" + ADMIN_SECRET);
		meters = proxy.instance().bean(MeterRegistry.class);
	}

	@AfterAll
	static void stopInstanceBehindAProxy() {
		proxy.close();
	}

	@Test
	void victimLogsInFromAKnownClientAfterThirtyFailuresFromAnother() {
		TestUsers.Credentials victim = TestUsers.unique("victim");
		String home = newNetwork();
		AuthClient victimAtHome = proxy.client(home);
		victimAtHome.register(victim);
		String deviceToken = (String) victimAtHome.login(victim).body().get("device_token");
		assertThat(deviceToken).as("a login hands out a device token").isNotBlank();

		AuthClient attacker = proxy.client(newNetwork());
		for (int i = 0; i < 30; i++) {
			int status = attacker.post("/api/v1/sessions", wrong(victim.username()))
				.returnResult(Void.class)
				.getStatus()
				.value();
			assertThat(status).isIn(401, 429);
			// The attacker waits out every refusal: the block ends, as if its time had
			// passed.
			expireBlocks(victim.username());
		}
		assertThrottledNow(attacker, victim);

		assertThat(victimAtHome.login(victim).accessToken()).isNotBlank();
		// From a network it never used, the victim's device token is what it is known by.
		Map<String, Object> travelling = proxy.client(newNetwork())
			.post("/api/v1/sessions", withDevice(victim, deviceToken))
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(travelling.get("device_token")).isEqualTo(deviceToken);
		assertThat(count("SELECT count(*) FROM known_clients WHERE client LIKE '%' || :value || '%'", deviceToken))
			.as("only the device token's hash is stored")
			.isZero();
	}

	@Test
	void sixtyConcurrentWrongPasswordsAreHashedAtMostFiveTimes() {
		for (String path : List.of("/api/v1/sessions", "/api/auth")) {
			TestUsers.Credentials target = TestUsers.unique("target");
			String network = newNetwork();
			proxy.client(network).register(target);
			double hashesBefore = hashes(meters);

			List<Integer> statuses = Flux.range(0, 60)
				.flatMap((i) -> status(network, path, wrong(target.username())), 60)
				.collectList()
				.block();

			long guessed = statuses.stream().filter((status) -> status == 401).count();
			assertThat(hashes(meters) - hashesBefore).as("passwords hashed on " + path).isLessThanOrEqualTo(5);
			assertThat(guessed).as(path + ": " + statuses).isEqualTo((long) (hashes(meters) - hashesBefore));
			// The rest are refused unhashed: 429 once the limit is reached, or 503 for
			// one
			// that waited for a place longer than a busy machine allowed.
			assertThat(statuses).as(path).filteredOn((status) -> status != 401).contains(429).isSubsetOf(429, 503);
			assertThat(status(network, path, target.json()).block()).as("the right password now").isEqualTo(429);
		}
	}

	@Test
	void tenConcurrentRightPasswordsFromOneClientAllLogIn() {
		TestUsers.Credentials busy = TestUsers.unique("busy");
		String network = newNetwork();
		proxy.client(network).register(busy);
		List<Integer> statuses = Flux.range(0, 10)
			.flatMap((i) -> status(network, "/api/v1/sessions", busy.json()), 10)
			.collectList()
			.block();
		assertThat(statuses).containsOnly(201);
	}

	@Test
	void guessingSpreadOverManyNetworksLocksOutUnknownClientsButNotTheOwner() {
		TestUsers.Credentials owner = TestUsers.unique("owner");
		AuthClient ownerAtHome = proxy.client(newNetwork());
		ownerAtHome.register(owner);
		ownerAtHome.login(owner);
		for (int i = 0; i < 20; i++) {
			proxy.client(newNetwork())
				.post("/api/v1/sessions", wrong(owner.username()))
				.expectStatus()
				.isUnauthorized();
		}
		assertThrottled(proxy.client(newNetwork()).post("/api/v1/sessions", owner.json()));
		assertThat(ownerAtHome.login(owner).accessToken()).isNotBlank();
	}

	@Test
	void aStolenAccessTokenGuessesThePasswordNoFasterThanALogin() {
		TestUsers.Credentials user = TestUsers.unique("stolen");
		AuthClient thief = proxy.client(newNetwork());
		String token = thief.registerAndLogin(user).accessToken();
		String guess = "{\"current_password\":\"not the password\",\"new_password\":\"another long password\"}";
		for (int i = 0; i < 5; i++) {
			thief.withToken("PUT", "/api/v1/users/me/password", token, guess).expectStatus().isUnauthorized();
		}
		assertThrottled(thief.withToken("PUT", "/api/v1/users/me/password", token,
				"{\"current_password\":\"" + user.password() + "\",\"new_password\":\"another long password\"}"));
		assertThat(auditCount(user.username(), "login_failed", "password_change")).isEqualTo(5);
		assertThat(auditCount(user.username(), "login_throttled", "password_change")).isEqualTo(1);
	}

	@Test
	void wrongPasswordsToDeleteAnAccountAreThrottledAndAudited() {
		TestUsers.Credentials user = TestUsers.unique("deleting");
		AuthClient thief = proxy.client(newNetwork());
		String token = thief.registerAndLogin(user).accessToken();
		for (int i = 0; i < 5; i++) {
			thief.withToken("DELETE", "/api/v1/users/me", token, "{\"password\":\"not the password\"}")
				.expectStatus()
				.isUnauthorized();
		}
		assertThrottled(
				thief.withToken("DELETE", "/api/v1/users/me", token, "{\"password\":\"" + user.password() + "\"}"));
		thief.me(token).expectStatus().isOk();
		assertThat(auditCount(user.username(), "login_failed", "account_deletion")).isEqualTo(5);
	}

	@Test
	void probingForTakenNamesIsThrottledPerNetwork() {
		TestUsers.Credentials taken = TestUsers.unique("taken");
		String prober = newNetwork();
		proxy.client(newNetwork()).register(taken);
		for (int i = 0; i < 10; i++) {
			proxy.client(prober).post("/api/v1/users", taken.json()).expectStatus().isEqualTo(HttpStatus.CONFLICT);
		}
		assertThrottled(proxy.client(prober).post("/api/v1/users", taken.json()));
		assertThrottled(proxy.client(prober).post("/api/v1/users", TestUsers.unique("free").json()));
		proxy.client(newNetwork()).post("/api/v1/users", taken.json()).expectStatus().isEqualTo(HttpStatus.CONFLICT);
		assertThat(count("SELECT count(*) FROM audit_events WHERE event = 'username_taken' AND ip = :value", prober))
			.isEqualTo(10);
	}

	@Test
	void anIpv6ClientCannotEscapeTheNetworkRuleByRotatingAddressesInItsSlash64() {
		int prefix = InstanceBehindAProxy.newNetworkNumber();
		for (int i = 1; i <= 10; i++) {
			proxy.client("2001:db8:" + Integer.toHexString(prefix) + ":1::" + Integer.toHexString(i))
				.post("/api/v1/sessions", wrong(TestUsers.unique("spray").username()))
				.expectStatus()
				.isUnauthorized();
		}
		TestUsers.Credentials user = TestUsers.unique("v6");
		proxy.client(newNetwork()).register(user);
		assertThrottled(proxy.client("2001:db8:" + Integer.toHexString(prefix) + ":1:ffff:ffff:ffff:ffff")
			.post("/api/v1/sessions", user.json()));
		proxy.client("2001:db8:" + Integer.toHexString(prefix) + ":2::1").login(user);
	}

	@Test
	void guessingAnApiClientSecretIsThrottledAndAudited() {
		String guesser = newNetwork();
		for (int i = 0; i < 10; i++) {
			introspect(guesser, "wrong secret").expectStatus().isUnauthorized();
		}
		assertThrottled(introspect(guesser, INTROSPECTION_SECRET));
		introspect(newNetwork(), INTROSPECTION_SECRET).expectStatus().isOk();
		assertThat(count("SELECT count(*) FROM audit_events WHERE event = 'client_authentication_failed'"
				+ " AND detail = 'introspection' AND ip = :value", guesser))
			.isEqualTo(10);

		String admin = newNetwork();
		proxy.http(admin)
			.post()
			.uri("/api/v1/admin/signing-keys/rotate")
			.headers((headers) -> headers.setBasicAuth("admin", "wrong secret"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		assertThat(count("SELECT count(*) FROM audit_events WHERE event = 'client_authentication_failed'"
				+ " AND detail = 'admin' AND ip = :value", admin))
			.isEqualTo(1);
	}

	private WebTestClient.ResponseSpec introspect(String network, String secret) {
		return proxy.http(network)
			.post()
			.uri("/api/v1/introspect")
			.headers((headers) -> headers.setBasicAuth(INTROSPECTION_CLIENT, secret))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("token=abc")
			.exchange();
	}

	private static Mono<Integer> status(String network, String path, String json) {
		return WebClient.create(proxy.instance().baseUrl())
			.post()
			.uri(path)
			.header("X-Forwarded-For", network)
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
			.bodyValue(json)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()));
	}

	private static String withDevice(TestUsers.Credentials user, String deviceToken) {
		return "{\"username\":\"" + user.username() + "\",\"password\":\"" + user.password() + "\",\"device_token\":\""
				+ deviceToken + "\"}";
	}

	private static void assertThrottledNow(AuthClient attacker, TestUsers.Credentials victim) {
		attacker.post("/api/v1/sessions", wrong(victim.username())).returnResult(Void.class);
		assertThrottled(attacker.post("/api/v1/sessions", victim.json()));
	}

	private void expireBlocks(String username) {
		this.db
			.sql("UPDATE login_failures SET blocked_until = now() - interval '1 second' "
					+ "WHERE key = lower(:name) AND blocked_until > now()")
			.bind("name", username)
			.then()
			.block();
	}

	private long auditCount(String username, String event, String detail) {
		return this.db.sql("""
				SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id
				WHERE lower(u.username) = lower(:name) AND a.event = :event AND a.detail = :detail""")
			.bind("name", username)
			.bind("event", event)
			.bind("detail", detail)
			.map((row) -> row.get(0, Long.class))
			.one()
			.block();
	}

	/** The count {@code sql} answers with its one parameter {@code :value} bound. */
	private long count(String sql, String value) {
		return this.db.sql(sql).bind("value", value).map((row) -> row.get(0, Long.class)).one().block();
	}

}
