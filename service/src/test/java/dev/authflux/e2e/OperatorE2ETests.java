package dev.authflux.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.AuthClient.Tokens;
import dev.authflux.support.DatabaseState;
import dev.authflux.support.OtherInstance;
import dev.authflux.support.TestUsers;
import dev.authflux.support.TestUsers.Credentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator does about an account, over HTTP with the admin client's credentials:
 * find it, disable it (every token of the user dies at once, on every instance), enable
 * it, end its sessions, and clear a lockout; and what a caller without those credentials
 * gets: nothing.
 */
@Tag("e2e")
class OperatorE2ETests extends ApplicationTest {

	private static final String USERS = "/api/v1/admin/users";

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private static final int LOGINS_IN_RACE = 12;

	private static OtherInstance other;

	@Autowired
	private DatabaseClient db;

	private AuthClient here;

	private AuthClient there;

	@BeforeAll
	static void startOtherInstance() {
		other = OtherInstance.start("authflux.admin.client-secret=" + ADMIN_SECRET);
	}

	@AfterAll
	static void stopOtherInstance() {
		other.close();
	}

	@BeforeEach
	void clients() {
		this.here = new AuthClient(this.http);
		this.there = new AuthClient(other.http());
	}

	@Test
	void disableKillsEveryTokenOfTheUserOnTwoInstancesAtOnce() {
		Credentials user = TestUsers.unique("stolen");
		String id = (String) this.here.register(user).get("id");
		Tokens phone = this.here.login(user);
		Tokens laptop = this.there.login(user);
		String compat = compatToken(this.there, user);
		List<String> accessTokens = List.of(phone.accessToken(), laptop.accessToken(), compat);
		// Both instances have every session cached as live.
		for (String token : accessTokens) {
			this.here.me(token).expectStatus().isOk();
			this.there.me(token).expectStatus().isOk();
		}
		Credentials bystander = TestUsers.unique("bystander");
		Tokens unaffected = this.here.registerAndLogin(bystander);
		this.there.me(unaffected.accessToken()).expectStatus().isOk();

		admin(this.http, HttpMethod.POST, USERS + "/" + id + "/disable").expectStatus().isNoContent();

		// The instance that disabled answers only after it forgot the sessions.
		accessTokens.forEach(this.here::assertAccessTokenRejected);
		await().untilAsserted(() -> accessTokens.forEach(this.there::assertAccessTokenRejected));
		for (String token : accessTokens) {
			introspect(token).jsonPath("$.active").isEqualTo(false);
		}
		this.here.refresh(phone.refreshToken())
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_refresh_token");
		this.there.refresh(laptop.refreshToken()).expectStatus().isUnauthorized();
		this.here.me(unaffected.accessToken()).expectStatus().isOk();
		this.there.me(unaffected.accessToken()).expectStatus().isOk();
		assertThat(liveSessionsOf(id)).isZero();
	}

	/**
	 * Logins that verified the password before the disable, but create their session
	 * after it, must not leave a live session behind: each is either ended by the disable
	 * or refused.
	 */
	@Test
	void loginsRacingTheDisableLeaveNoLiveSession() throws Exception {
		Credentials user = TestUsers.unique("racing");
		String id = (String) this.here.register(user).get("id");
		ExecutorService clients = Executors.newFixedThreadPool(LOGINS_IN_RACE);
		try {
			List<Future<EntityExchangeResult<Map<String, Object>>>> logins = new ArrayList<>();
			for (int i = 0; i < LOGINS_IN_RACE; i++) {
				WebTestClient instance = (i % 2 == 0) ? this.http : other.http();
				logins.add(clients.submit(() -> instance.post()
					.uri("/api/v1/sessions")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(user.json())
					.exchange()
					.expectBody(JSON_OBJECT)
					.returnResult()));
			}
			admin(this.http, HttpMethod.POST, USERS + "/" + id + "/disable").expectStatus().isNoContent();
			for (Future<EntityExchangeResult<Map<String, Object>>> login : logins) {
				EntityExchangeResult<Map<String, Object>> result = login.get(60, TimeUnit.SECONDS);
				assertThat(result.getStatus().value()).isIn(201, 401, 403, 503);
				if (result.getStatus().value() == 201) {
					String token = (String) result.getResponseBody().get("access_token");
					await().untilAsserted(() -> {
						this.here.assertAccessTokenRejected(token);
						this.there.assertAccessTokenRejected(token);
					});
				}
			}
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(liveSessionsOf(id)).isZero();
		this.here.post("/api/v1/sessions", user.json()).expectStatus().isForbidden();
	}

	@Test
	void aDisabledAccountsRightPasswordIsRefusedAndAWrongOneLooksAsUsual() {
		Credentials user = TestUsers.unique("disabled");
		String id = (String) this.here.register(user).get("id");
		admin(this.http, HttpMethod.POST, USERS + "/" + id + "/disable").expectStatus().isNoContent();
		Credentials wrong = new Credentials(user.username(), "not the password");

		for (AuthClient client : List.of(this.here, this.there)) {
			client.post("/api/v1/sessions", user.json())
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("account_disabled")
				.jsonPath("$.status")
				.isEqualTo(403);
			client.post("/api/v1/sessions", wrong.json())
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("invalid_credentials");
			client.post("/api/auth", user.json())
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.contentType(MediaType.APPLICATION_JSON)
				.expectBody(JSON_OBJECT)
				.isEqualTo(Map.of("errors", "This account is disabled."));
			client.post("/api/auth", wrong.json()).expectStatus().isUnauthorized();
		}
		// Disabling again keeps the account disabled, and still answers 204.
		admin(other.http(), HttpMethod.POST, USERS + "/" + id + "/disable").expectStatus().isNoContent();
		this.here.post("/api/v1/sessions", user.json()).expectStatus().isForbidden();
		assertThat(liveSessionsOf(id)).isZero();
	}

	@Test
	void enableLetsTheOwnerLogInAgain() {
		Credentials user = TestUsers.unique("enabled");
		String id = (String) this.here.register(user).get("id");
		admin(this.http, HttpMethod.POST, USERS + "/" + id + "/disable").expectStatus().isNoContent();
		assertThat(found(user.username())).containsEntry("disabled", true);

		admin(this.http, HttpMethod.POST, USERS + "/" + id + "/enable").expectStatus().isNoContent();

		assertThat(found(user.username())).containsEntry("disabled", false);
		this.here.me(this.here.login(user).accessToken()).expectStatus().isOk();
		this.there.me(this.there.login(user).accessToken()).expectStatus().isOk();
		// Enabling an enabled account changes nothing.
		admin(this.http, HttpMethod.POST, USERS + "/" + id + "/enable").expectStatus().isNoContent();
		this.here.login(user);
	}

	@Test
	void findByNameIgnoresLetterCaseAndShowsNoHash() {
		Credentials user = TestUsers.unique("MixedCase");
		Map<String, Object> registered = this.here.register(user);
		String shouted = user.username().toUpperCase(Locale.ROOT);

		Map<String, Object> body = admin(this.http, HttpMethod.GET, USERS + "?username=" + shouted).expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();

		assertThat(body).containsOnlyKeys("users");
		assertThat(body.get("users")).isEqualTo(List.of(Map.of("id", registered.get("id"), "username", user.username(),
				"created_at", registered.get("created_at"), "disabled", false)));
		admin(this.http, HttpMethod.GET, USERS + "?username=" + TestUsers.unique("nobody").username()).expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.isEqualTo(Map.of("users", List.of()));
	}

	@Test
	void findWithoutAUsableNameIsValidationFailed() throws IOException {
		for (String query : List.of("", "?username=", "?name=alice", "?username=a", "?username=al%20ice",
				"?username=al%00ice", "?username=" + "x".repeat(65))) {
			admin(this.http, HttpMethod.GET, USERS + query).expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("validation_failed")
				.jsonPath("$.errors[0].field")
				.isEqualTo("username");
		}
		assertThat(rawStatus("GET " + USERS + "?username=%ZZ")).isEqualTo(400);
	}

	@Test
	void endSessionsRevokesEveryTokenButTheAccountStillLogsIn() {
		Credentials user = TestUsers.unique("ended");
		String id = (String) this.here.register(user).get("id");
		Tokens phone = this.here.login(user);
		Tokens laptop = this.there.login(user);
		this.there.me(phone.accessToken()).expectStatus().isOk();
		this.there.me(laptop.accessToken()).expectStatus().isOk();

		admin(this.http, HttpMethod.DELETE, USERS + "/" + id + "/sessions").expectStatus().isNoContent();

		this.here.assertAccessTokenRejected(phone.accessToken());
		this.here.assertAccessTokenRejected(laptop.accessToken());
		await().untilAsserted(() -> {
			this.there.assertAccessTokenRejected(phone.accessToken());
			this.there.assertAccessTokenRejected(laptop.accessToken());
		});
		this.here.refresh(laptop.refreshToken()).expectStatus().isUnauthorized();
		this.here.me(this.here.login(user).accessToken()).expectStatus().isOk();
		// A user without sessions: still 204.
		String idle = (String) this.here.register(TestUsers.unique("idle")).get("id");
		admin(other.http(), HttpMethod.DELETE, USERS + "/" + idle + "/sessions").expectStatus().isNoContent();
	}

	@Test
	void clearingLoginFailuresLetsTheLockedOutOwnerInAtOnce() {
		Credentials user = TestUsers.unique("lockedout");
		String id = (String) this.here.register(user).get("id");
		Credentials wrong = new Credentials(user.username(), "not the password");
		for (int i = 0; i < 5; i++) {
			this.here.post("/api/v1/sessions", wrong.json()).expectStatus().isUnauthorized();
		}
		this.here.post("/api/v1/sessions", user.json())
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER);

		admin(this.http, HttpMethod.DELETE, USERS + "/" + id + "/login-failures").expectStatus().isNoContent();

		this.here.login(user);
		this.there.login(user);
		// Nothing left to clear: still 204.
		admin(other.http(), HttpMethod.DELETE, USERS + "/" + id + "/login-failures").expectStatus().isNoContent();
	}

	@Test
	void everyOperatorActionIsAudited() {
		WebTestClient operator = this.http.mutate().defaultHeader(HttpHeaders.USER_AGENT, "operator-console/2").build();
		Credentials user = TestUsers.unique("audited");
		String id = (String) this.here.register(user).get("id");
		this.here.login(user);
		this.here.login(user);

		admin(operator, HttpMethod.DELETE, USERS + "/" + id + "/sessions").expectStatus().isNoContent();
		Tokens last = this.here.login(user);
		admin(operator, HttpMethod.POST, USERS + "/" + id + "/disable").expectStatus().isNoContent();
		admin(operator, HttpMethod.POST, USERS + "/" + id + "/enable").expectStatus().isNoContent();
		admin(operator, HttpMethod.DELETE, USERS + "/" + id + "/login-failures").expectStatus().isNoContent();

		List<Map<String, Object>> events = this.db.sql("""
				SELECT event, detail, user_agent, session_id::text AS session_id FROM audit_events
				WHERE user_id = :id::uuid AND user_agent = 'operator-console/2' ORDER BY id""")
			.bind("id", id)
			.fetch()
			.all()
			.collectList()
			.block();
		assertThat(events).extracting((event) -> event.get("event"))
			.containsExactly("sessions_revoked", "sessions_revoked", "account_disabled", "account_enabled",
					"login_failures_cleared");
		assertThat(events.subList(0, 2)).allSatisfy((event) -> assertThat(event.get("detail")).isEqualTo("operator"));
		String revokedOnDisable = this.db.sql("SELECT revoke_reason FROM sessions WHERE id = :id::uuid")
			.bind("id", last.sessionId())
			.map((row) -> row.get("revoke_reason", String.class))
			.one()
			.block();
		assertThat(revokedOnDisable).isEqualTo("account_disabled");
	}

	@Test
	void withoutTheAdminCredentialsEveryOperatorCallIsInvalidClientAndChangesNothing() throws Exception {
		Credentials user = TestUsers.unique("guarded");
		String id = (String) this.here.register(user).get("id");
		Tokens tokens = this.here.login(user);
		Map<String, Consumer<HttpHeaders>> callers = Map.of("no credentials", (headers) -> {
		}, "a wrong secret", (headers) -> headers.setBasicAuth(ADMIN_CLIENT, "wrong secret"), "another client id",
				(headers) -> headers.setBasicAuth("someone", ADMIN_SECRET), "the introspection client",
				(headers) -> headers.setBasicAuth(INTROSPECTION_CLIENT, INTROSPECTION_SECRET), "the user's own token",
				(headers) -> headers.setBearerAuth(tokens.accessToken()));
		try (DatabaseState database = DatabaseState.open()) {
			String before = database.fingerprint();
			for (AdminCall call : everyCall(id)) {
				callers.forEach((caller, credentials) -> this.http.method(call.method())
					.uri(call.path())
					.headers(credentials)
					.exchange()
					.expectStatus()
					.isUnauthorized()
					.expectHeader()
					.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"authflux\"")
					.expectBody()
					.jsonPath("$.code")
					.isEqualTo("invalid_client"));
			}
			assertThat(database.fingerprint()).isEqualTo(before);
		}
		this.here.me(tokens.accessToken()).expectStatus().isOk();
		this.here.login(user);
	}

	@Test
	void anUnknownUserIsNotFoundAndAMalformedIdIsABadRequest() throws Exception {
		try (DatabaseState database = DatabaseState.open()) {
			String before = database.fingerprint();
			for (AdminCall call : everyCall(UUID.randomUUID().toString())) {
				if (call.method() != HttpMethod.GET) {
					admin(this.http, call.method(), call.path()).expectStatus()
						.isNotFound()
						.expectBody()
						.jsonPath("$.code")
						.isEqualTo("not_found");
				}
			}
			for (String malformed : List.of("not-a-uuid", "1-1-1-1-1", "12345678123456781234567812345678",
					UUID.randomUUID() + "0", "%00", "%20" + UUID.randomUUID())) {
				for (AdminCall call : everyCall(malformed)) {
					if (call.method() != HttpMethod.GET) {
						admin(this.http, call.method(), call.path()).expectStatus()
							.isBadRequest()
							.expectBody()
							.jsonPath("$.code")
							.isEqualTo("malformed_request");
					}
				}
			}
			assertThat(rawStatus("POST " + USERS + "/%ZZ/disable")).isEqualTo(400);
			assertThat(database.fingerprint()).isEqualTo(before);
		}
	}

	/**
	 * The status of a request sent as written, for what no HTTP client sends: a broken
	 * percent-escape.
	 */
	private int rawStatus(String methodAndTarget) throws IOException {
		String credentials = Base64.getEncoder()
			.encodeToString((ADMIN_CLIENT + ":" + ADMIN_SECRET).getBytes(StandardCharsets.US_ASCII));
		URI base = URI.create(baseUrl());
		try (Socket socket = new Socket(base.getHost(), base.getPort())) {
			socket.getOutputStream()
				.write((methodAndTarget + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + credentials
						+ "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String statusLine = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
			return Integer.parseInt(statusLine.split(" ")[1]);
		}
	}

	private static List<AdminCall> everyCall(String id) {
		return List.of(new AdminCall(HttpMethod.GET, USERS + "?username=someone"),
				new AdminCall(HttpMethod.POST, USERS + "/" + id + "/disable"),
				new AdminCall(HttpMethod.POST, USERS + "/" + id + "/enable"),
				new AdminCall(HttpMethod.DELETE, USERS + "/" + id + "/sessions"),
				new AdminCall(HttpMethod.DELETE, USERS + "/" + id + "/login-failures"));
	}

	private static WebTestClient.ResponseSpec admin(WebTestClient http, HttpMethod method, String path) {
		// As written: a URI template would encode the escapes the tests send on purpose.
		return http.method(method)
			.uri((base) -> URI.create(base.build() + path))
			.headers((headers) -> headers.setBasicAuth(ADMIN_CLIENT, ADMIN_SECRET))
			.exchange();
	}

	private Map<String, Object> found(String username) {
		Map<String, Object> body = admin(this.http, HttpMethod.GET, USERS + "?username=" + username).expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> users = (List<Map<String, Object>>) body.get("users");
		assertThat(users).hasSize(1);
		return users.get(0);
	}

	private WebTestClient.BodyContentSpec introspect(String token) {
		return this.http.post()
			.uri("/api/v1/introspect")
			.headers((headers) -> headers.setBasicAuth(INTROSPECTION_CLIENT, INTROSPECTION_SECRET))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("token=" + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody();
	}

	private static String compatToken(AuthClient client, Credentials user) {
		return (String) client.post("/api/auth", user.json())
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("token");
	}

	private long liveSessionsOf(String userId) {
		return this.db.sql("SELECT count(*) AS live FROM sessions WHERE user_id = :id::uuid AND revoked_at IS NULL")
			.bind("id", userId)
			.map((row) -> row.get("live", Long.class))
			.one()
			.block();
	}

	private record AdminCall(HttpMethod method, String path) {
	}

}
