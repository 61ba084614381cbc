package dev.authflux.e2e;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.AuthClient.Tokens;
import dev.authflux.support.DatabaseState;
import dev.authflux.support.OperatorCalls.AdminCall;
import dev.authflux.support.TestUsers;
import dev.authflux.support.TestUsers.Credentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.authflux.support.OperatorCalls.JSON_OBJECT;
import static dev.authflux.support.OperatorCalls.USERS;
import static dev.authflux.support.OperatorCalls.admin;
import static dev.authflux.support.OperatorCalls.everyCall;
import static dev.authflux.support.OperatorCalls.rawStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator API as a contract, over HTTP with the admin client's credentials: finding
 * an account by name, what it refuses as invalid, the audit row of every action, and what
 * a caller without those credentials or with an unknown id gets: nothing.
 * OperatorAccountActionsE2ETests covers what the actions do to an account.
 */
@Tag("e2e")
class OperatorApiE2ETests extends ApplicationTest {

	@Autowired
	private DatabaseClient db;

	private AuthClient here;

	@BeforeEach
	void client() {
		this.here = new AuthClient(this.http);
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
		assertThat(rawStatus(baseUrl(), "GET " + USERS + "?username=%ZZ")).isEqualTo(400);
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
			assertThat(rawStatus(baseUrl(), "POST " + USERS + "/%ZZ/disable")).isEqualTo(400);
			assertThat(database.fingerprint()).isEqualTo(before);
		}
	}

}
