package dev.authflux.passkey;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuditTrail;
import dev.authflux.support.AuthClient;
import dev.authflux.support.HttpCalls;
import dev.authflux.support.OperatorCalls;
import dev.authflux.support.SoftwareAuthenticator;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys over the API, with an authenticator in the test's code
 * ({@link SoftwareAuthenticator}): a registration and a login without a password, and
 * what the service refuses — unknown, replayed, expired and foreign challenges, another
 * origin, another account's user handle, a counter that does not grow, bodies that are no
 * credential. {@code PasskeyBrowserTests} runs the ceremonies in Chromium.
 */
@Tag("e2e")
class PasskeyE2ETests extends ApplicationTest {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	@Autowired
	private DatabaseClient db;

	@Autowired
	private ChallengeCleanup cleanup;

	private AuthClient client;

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@Test
	void loginWhenPasskeyRegisteredThenSessionWithoutPasswordAndListedWithLastUse() {
		TestUsers.Credentials user = TestUsers.unique("pk");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		SoftwareAuthenticator authenticator = SoftwareAuthenticator.forDefaultIssuer();
		Map<String, Object> options = registrationOptions(api.accessToken());
		assertThat(options).containsEntry("attestation", "none");
		assertThat(options.get("rp")).isEqualTo(Map.of("id", "localhost", "name", "authflux"));
		assertThat(options.get("authenticatorSelection"))
			.isEqualTo(Map.of("residentKey", "required", "requireResidentKey", true, "userVerification", "preferred"));
		assertThat(options.get("pubKeyCredParams"))
			.isEqualTo(List.of(Map.of("type", "public-key", "alg", -7), Map.of("type", "public-key", "alg", -257)));

		Map<String, Object> created = register(api.accessToken(), authenticator.register(options), "Laptop")
			.expectStatus()
			.isCreated()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(created).containsEntry("name", "Laptop").containsEntry("last_used_at", null);

		Map<String, Object> tokens = login(authenticator.assertion(loginOptions())).expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Cache-Control", "no-store")
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(tokens).containsKeys("access_token", "refresh_token", "session_id");
		this.client.me((String) tokens.get("access_token"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.username")
			.isEqualTo(user.username());
		this.client.refresh((String) tokens.get("refresh_token")).expectStatus().isOk();
		List<Map<String, Object>> listed = list(api.accessToken());
		assertThat(listed).singleElement().satisfies((passkey) -> {
			assertThat(passkey).containsEntry("id", created.get("id")).containsEntry("name", "Laptop");
			assertThat(passkey.get("last_used_at")).isNotNull();
			assertThat(passkey).doesNotContainKeys("credential_id", "public_key");
		});
		assertThat(eventsOf(api)).containsSubsequence("passkey_registered", "passkey_login", "login_succeeded");
	}

	@Test
	void registrationWhenChallengeUnknownReplayedOrAnotherAccountsThenInvalidCredential() {
		AuthClient.Tokens api = this.client.registerAndLogin(TestUsers.unique("pk-reg"));
		AuthClient.Tokens other = this.client.registerAndLogin(TestUsers.unique("pk-other"));
		SoftwareAuthenticator authenticator = SoftwareAuthenticator.forDefaultIssuer();
		String unknown = authenticator.registration("bm90LWEtY2hhbGxlbmdlLW9mLW91cnMtYXQtYWxsLWV2ZXI",
				"http://localhost:8080");
		refused(register(api.accessToken(), unknown, null), HttpStatus.BAD_REQUEST, "invalid_credential");

		String answer = authenticator.register(registrationOptions(api.accessToken()));
		refused(register(other.accessToken(), answer, null), HttpStatus.BAD_REQUEST, "invalid_credential");

		String replayed = authenticator.register(registrationOptions(api.accessToken()));
		register(api.accessToken(), replayed, null).expectStatus().isCreated();
		refused(register(api.accessToken(), replayed, null), HttpStatus.BAD_REQUEST, "invalid_credential");
		assertThat(list(api.accessToken())).singleElement()
			.satisfies((passkey) -> assertThat(passkey).containsEntry("name", "Passkey"));
		assertThat(list(other.accessToken())).isEmpty();
	}

	@Test
	void registrationWhenFromAnotherOriginOrRegisteredAlreadyThenRefused() {
		AuthClient.Tokens api = this.client.registerAndLogin(TestUsers.unique("pk-origin"));
		SoftwareAuthenticator authenticator = SoftwareAuthenticator.forDefaultIssuer();
		String challenge = (String) registrationOptions(api.accessToken()).get("challenge");
		refused(register(api.accessToken(), authenticator.registration(challenge, "https://evil.example"), null),
				HttpStatus.BAD_REQUEST, "invalid_credential");

		register(api.accessToken(), authenticator.register(registrationOptions(api.accessToken())), null).expectStatus()
			.isCreated();
		Map<String, Object> again = registrationOptions(api.accessToken());
		assertThat(again.get("excludeCredentials"))
			.isEqualTo(List.of(Map.of("type", "public-key", "id", authenticator.credentialId())));
		refused(register(api.accessToken(), authenticator.register(again), null), HttpStatus.CONFLICT,
				"passkey_exists");
	}

	@Test
	void registrationWhenTheAccountHoldsTwentyThenTooManyPasskeys() {
		AuthClient.Tokens api = this.client.registerAndLogin(TestUsers.unique("pk-limit"));
		for (int i = 0; i < 20; i++) {
			registered(api);
		}
		SoftwareAuthenticator oneMore = SoftwareAuthenticator.forDefaultIssuer();
		refused(register(api.accessToken(), oneMore.register(registrationOptions(api.accessToken())), null),
				HttpStatus.CONFLICT, "too_many_passkeys");
		assertThat(list(api.accessToken())).hasSize(20);
	}

	@Test
	void housekeepingWhenChallengesExpiredThenDeletesThemAndKeepsLiveOnes() throws Exception {
		Map<String, Object> expired = loginOptions();
		Map<String, Object> live = loginOptions();
		byte[] expiredHash = hashOf(expired);
		this.db
			.sql("UPDATE passkey_challenges SET expires_at = now() - interval '1 second' WHERE challenge_hash = :hash")
			.bind("hash", expiredHash)
			.then()
			.block();

		assertThat(this.cleanup.run().block()).isGreaterThanOrEqualTo(1);

		assertThat(challengesWithHash(expiredHash)).isZero();
		assertThat(challengesWithHash(hashOf(live))).isOne();
	}

	@Test
	void loginWhenChallengeUnknownReplayedOrExpiredThenInvalidPasskeyAndAudited() throws Exception {
		AuthClient.Tokens api = this.client.registerAndLogin(TestUsers.unique("pk-replay"));
		SoftwareAuthenticator authenticator = registered(api);
		refused(login(authenticator.assertion("bm90LWEtY2hhbGxlbmdlLW9mLW91cnMtYXQtYWxsLWV2ZXI",
				"http://localhost:8080", 7, authenticator.userHandle())), HttpStatus.UNAUTHORIZED, "invalid_passkey");

		String assertion = authenticator.assertion(loginOptions());
		login(assertion).expectStatus().isCreated();
		refused(login(assertion), HttpStatus.UNAUTHORIZED, "invalid_passkey");

		Map<String, Object> options = loginOptions();
		byte[] challenge = Base64.getUrlDecoder().decode((String) options.get("challenge"));
		this.db
			.sql("UPDATE passkey_challenges SET expires_at = now() - interval '1 second' WHERE challenge_hash = :hash")
			.bind("hash", MessageDigest.getInstance("SHA-256").digest(challenge))
			.then()
			.block();
		refused(login(authenticator.assertion(options)), HttpStatus.UNAUTHORIZED, "invalid_passkey");
		assertThat(detailsOf(api, "passkey_refused")).isEmpty();
		assertThat(this.db.sql("""
				SELECT count(*) AS n FROM audit_events
				WHERE event = 'passkey_refused' AND detail = 'unknown_challenge' AND user_id IS NULL
				  AND occurred_at > now() - interval '1 minute'""")
			.map((row) -> row.get("n", Long.class))
			.one()
			.block()).isGreaterThanOrEqualTo(3);
	}

	@Test
	void loginWhenCounterDoesNotGrowThenRefusedAndAudited() {
		AuthClient.Tokens api = this.client.registerAndLogin(TestUsers.unique("pk-counter"));
		SoftwareAuthenticator authenticator = registered(api);
		login(authenticator.assertion(loginOptions())).expectStatus().isCreated();
		long used = authenticator.counter();
		String cloned = authenticator.assertion((String) loginOptions().get("challenge"), "http://localhost:8080", used,
				authenticator.userHandle());
		refused(login(cloned), HttpStatus.UNAUTHORIZED, "invalid_passkey");
		assertThat(eventsOf(api)).last().isEqualTo("passkey_refused");
		assertThat(detailsOf(api, "passkey_refused")).containsExactly("counter");
		login(authenticator.assertion(loginOptions())).expectStatus().isCreated();
	}

	@Test
	void loginWhenOriginOrUserHandleWrongThenInvalidPasskey() {
		AuthClient.Tokens api = this.client.registerAndLogin(TestUsers.unique("pk-origin-login"));
		SoftwareAuthenticator authenticator = registered(api);
		refused(login(authenticator.assertion((String) loginOptions().get("challenge"), "https://evil.example", 5,
				authenticator.userHandle())), HttpStatus.UNAUTHORIZED, "invalid_passkey");
		AuthClient.Tokens other = this.client.registerAndLogin(TestUsers.unique("pk-handle"));
		byte[] otherHandle = registered(other).userHandle();
		refused(login(authenticator.assertion((String) loginOptions().get("challenge"), "http://localhost:8080", 6,
				otherHandle)), HttpStatus.UNAUTHORIZED, "invalid_passkey");
		refused(login(
				authenticator.assertion((String) loginOptions().get("challenge"), "http://localhost:8080", 7, null)),
				HttpStatus.UNAUTHORIZED, "invalid_passkey");
		assertThat(detailsOf(api, "passkey_refused")).containsExactly("verification", "user_handle", "user_handle");
	}

	@Test
	void loginWhenBodyIsNoCredentialThenBadRequest() {
		refused(this.client.post(PasskeyRoutes.LOGIN, "{\"credential\": \"x\"}"), HttpStatus.BAD_REQUEST,
				"validation_failed");
		refused(this.client.post(PasskeyRoutes.LOGIN, "{}"), HttpStatus.BAD_REQUEST, "validation_failed");
		refused(this.client.post(PasskeyRoutes.LOGIN, "{\"credential\": {\"id\": \"AAAA\"}}"), HttpStatus.BAD_REQUEST,
				"invalid_credential");
		refused(this.client.post(PasskeyRoutes.LOGIN,
				"{\"credential\": {\"id\": \"AAAA\", \"rawId\": \"AAAA\", \"type\": \"public-key\", \"response\": {\"clientDataJSON\": \"!!\"}}}"),
				HttpStatus.BAD_REQUEST, "invalid_credential");
		refused(this.client.post(PasskeyRoutes.LOGIN, "{\"credential\": "), HttpStatus.BAD_REQUEST,
				"malformed_request");
	}

	@Test
	void deleteWhenAnotherAccountsOrUnknownThenNotFoundAndOwnDeletedThenLoginRefused() {
		AuthClient.Tokens api = this.client.registerAndLogin(TestUsers.unique("pk-delete"));
		AuthClient.Tokens other = this.client.registerAndLogin(TestUsers.unique("pk-intruder"));
		SoftwareAuthenticator authenticator = registered(api);
		String id = (String) list(api.accessToken()).get(0).get("id");
		refused(this.client.withToken("DELETE", PasskeyRoutes.PASSKEYS + "/" + id, other.accessToken(), null),
				HttpStatus.NOT_FOUND, "not_found");
		refused(this.client.withToken("DELETE", PasskeyRoutes.PASSKEYS + "/" + UUID.randomUUID(), api.accessToken(),
				null), HttpStatus.NOT_FOUND, "not_found");
		refused(this.client.withToken("DELETE", PasskeyRoutes.PASSKEYS + "/not-a-uuid", api.accessToken(), null),
				HttpStatus.NOT_FOUND, "not_found");
		this.client.withToken("DELETE", PasskeyRoutes.PASSKEYS + "/" + id, api.accessToken(), null)
			.expectStatus()
			.isNoContent();
		assertThat(list(api.accessToken())).isEmpty();
		refused(login(authenticator.assertion(loginOptions())), HttpStatus.UNAUTHORIZED, "invalid_passkey");
		assertThat(eventsOf(api)).contains("passkey_deleted");
		assertThat(detailsOf(api, "passkey_refused")).isEmpty();
	}

	@Test
	void loginWhenOneAssertionIsSentTenTimesAtOnceThenOneSession() {
		AuthClient.Tokens api = this.client.registerAndLogin(TestUsers.unique("pk-race"));
		SoftwareAuthenticator authenticator = registered(api);
		String body = "{\"credential\": " + authenticator.assertion(loginOptions()) + "}";
		HttpCalls calls = new HttpCalls(baseUrl());

		List<HttpCalls.Answer> answers = HttpCalls.all(IntStream.range(0, 10)
			.mapToObj((i) -> calls.send(HttpMethod.POST, PasskeyRoutes.LOGIN, null, body))
			.toList());

		assertThat(answers).filteredOn((answer) -> answer.status() == 201).as("%s", answers).hasSize(1);
		assertThat(answers).filteredOn((answer) -> answer.status() == 401)
			.as("%s", answers)
			.hasSize(9)
			.allSatisfy((answer) -> assertThat(answer.code()).isEqualTo("invalid_passkey"));
	}

	@Test
	void loginWhenAccountDisabledThenForbiddenOnlyAfterThePasskeyVerified() {
		AuthClient.Tokens api = this.client.registerAndLogin(TestUsers.unique("pk-disabled"));
		SoftwareAuthenticator authenticator = registered(api);
		UUID userId = userOf(api);
		OperatorCalls.admin(this.http, HttpMethod.POST, OperatorCalls.USERS + "/" + userId + "/disable")
			.expectStatus()
			.isNoContent();
		refused(login(authenticator.assertion("bm90LWEtY2hhbGxlbmdlLW9mLW91cnMtYXQtYWxsLWV2ZXI",
				"http://localhost:8080", 50, authenticator.userHandle())), HttpStatus.UNAUTHORIZED, "invalid_passkey");
		refused(login(authenticator.assertion(loginOptions())), HttpStatus.FORBIDDEN, "account_disabled");
		OperatorCalls.admin(this.http, HttpMethod.POST, OperatorCalls.USERS + "/" + userId + "/enable")
			.expectStatus()
			.isNoContent();
		login(authenticator.assertion(loginOptions())).expectStatus().isCreated();
	}

	private static byte[] hashOf(Map<String, Object> options) throws Exception {
		return MessageDigest.getInstance("SHA-256")
			.digest(Base64.getUrlDecoder().decode((String) options.get("challenge")));
	}

	private long challengesWithHash(byte[] hash) {
		return this.db.sql("SELECT count(*) AS n FROM passkey_challenges WHERE challenge_hash = :hash")
			.bind("hash", hash)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block();
	}

	private SoftwareAuthenticator registered(AuthClient.Tokens api) {
		SoftwareAuthenticator authenticator = SoftwareAuthenticator.forDefaultIssuer();
		register(api.accessToken(), authenticator.register(registrationOptions(api.accessToken())), null).expectStatus()
			.isCreated();
		return authenticator;
	}

	private Map<String, Object> registrationOptions(String accessToken) {
		return this.client.withToken("POST", PasskeyRoutes.REGISTRATION_OPTIONS, accessToken, null)
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec register(String accessToken, String credential, String name) {
		String body = "{\"credential\": " + credential + ((name != null) ? ", \"name\": \"" + name + "\"" : "") + "}";
		return this.client.withToken("POST", PasskeyRoutes.PASSKEYS, accessToken, body);
	}

	private Map<String, Object> loginOptions() {
		Map<String, Object> options = this.client.post(PasskeyRoutes.LOGIN_OPTIONS, "{}")
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(options).containsEntry("rpId", "localhost").containsEntry("allowCredentials", List.of());
		return options;
	}

	private WebTestClient.ResponseSpec login(String assertion) {
		return this.client.post(PasskeyRoutes.LOGIN, "{\"credential\": " + assertion + "}");
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> list(String accessToken) {
		return (List<Map<String, Object>>) this.client.withToken("GET", PasskeyRoutes.PASSKEYS, accessToken, null)
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("passkeys");
	}

	private static void refused(WebTestClient.ResponseSpec response, HttpStatus status, String code) {
		response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo(code);
	}

	private UUID userOf(AuthClient.Tokens api) {
		return UUID.fromString((String) this.client.me(api.accessToken())
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("id"));
	}

	private List<String> eventsOf(AuthClient.Tokens api) {
		return AuditTrail.events(this.db, userOf(api));
	}

	private List<String> detailsOf(AuthClient.Tokens api, String event) {
		return AuditTrail.details(this.db, userOf(api), event);
	}

}
