package dev.authflux.e2e;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.OAuthCalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

import static dev.authflux.support.OAuthCalls.CLIENTS;
import static dev.authflux.support.OAuthCalls.admin;
import static dev.authflux.support.OAuthCalls.machine;
import static dev.authflux.support.OAuthCalls.register;
import static dev.authflux.support.OAuthCalls.webApp;
import static dev.authflux.support.OperatorCalls.JSON_OBJECT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' client registry over HTTP: registration with RFC 7591 metadata and its
 * defaults, the secret shown once and stored only as its SHA-256, replacing, disabling
 * and deleting, every metadata rule refused with RFC 7591's error, and nothing for a
 * caller without the admin client's credentials.
 */
@Tag("e2e")
class AdminClientsE2ETests extends ApplicationTest {

	@Autowired
	private DatabaseClient db;

	@Test
	void registeringAConfidentialClientShowsItsSecretOnceAndStoresOnlyItsHash() throws Exception {
		Map<String, Object> created = admin(this.http, HttpMethod.POST, CLIENTS, machine("batch job", "orders:read"))
			.expectStatus()
			.isCreated()
			.expectHeader()
			.value(HttpHeaders.LOCATION, (location) -> assertThat(location).startsWith(CLIENTS + "/"))
			.expectHeader()
			.cacheControl(org.springframework.http.CacheControl.noStore())
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();

		String clientId = (String) created.get("client_id");
		String secret = (String) created.get("client_secret");
		assertThat(clientId).matches("[A-Za-z0-9_-]{22}");
		assertThat(secret).matches("[A-Za-z0-9_-]{43}");
		assertThat(created).containsEntry("client_secret_expires_at", 0)
			.containsEntry("client_name", "batch job")
			.containsEntry("grant_types", List.of("client_credentials"))
			.containsEntry("response_types", List.of())
			.containsEntry("redirect_uris", List.of())
			.containsEntry("token_endpoint_auth_method", "client_secret_basic")
			.containsEntry("scope", "orders:read")
			.containsEntry("skip_consent", false)
			.containsEntry("disabled", false)
			.containsKey("client_id_issued_at");

		Map<String, Object> read = admin(this.http, HttpMethod.GET, CLIENTS + "/" + clientId, null).expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(read).doesNotContainKeys("client_secret", "client_secret_expires_at");
		Map<String, Object> withoutSecret = new java.util.HashMap<>(created);
		withoutSecret.remove("client_secret");
		withoutSecret.remove("client_secret_expires_at");
		assertThat(read).isEqualTo(withoutSecret);
		String list = admin(this.http, HttpMethod.GET, CLIENTS, null).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(list).contains(clientId).doesNotContain(secret).doesNotContain("\"client_secret\"");

		assertThat(secretHash(clientId))
			.isEqualTo(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		String wholeRow = this.db.sql("SELECT oauth_clients::text AS whole FROM oauth_clients WHERE client_id = :id")
			.bind("id", clientId)
			.map((row) -> row.get("whole", String.class))
			.one()
			.block();
		assertThat(wholeRow).contains(clientId).doesNotContain(secret);
		assertThat(audited("client_created", clientId)).isEqualTo(1);
	}

	@Test
	void aWebAppGetsTheDefaultsOfRfc7591() {
		Map<String, Object> created = register(this.http,
				"{\"client_name\":\"web\",\"redirect_uris\":[\"https://app.example.test/cb\"]}");

		assertThat(created).containsEntry("grant_types", List.of("authorization_code"))
			.containsEntry("response_types", List.of("code"))
			.containsEntry("token_endpoint_auth_method", "client_secret_basic")
			.containsEntry("redirect_uris", List.of("https://app.example.test/cb"))
			.doesNotContainKey("scope")
			.containsKey("client_secret");
	}

	@Test
	void aPublicClientHasNoSecret() {
		Map<String, Object> created = register(this.http,
				"{\"client_name\":\"spa\",\"redirect_uris\":[\"http://localhost:5173/cb\",\"http://127.0.0.1/cb\","
						+ "\"http://[::1]:3000/cb\"],\"token_endpoint_auth_method\":\"none\",\"scope\":\"openid\","
						+ "\"skip_consent\":true,\"post_logout_redirect_uris\":[\"https://spa.example.test/\"]}");

		assertThat(created).doesNotContainKeys("client_secret", "client_secret_expires_at")
			.containsEntry("token_endpoint_auth_method", "none")
			.containsEntry("skip_consent", true)
			.containsEntry("post_logout_redirect_uris", List.of("https://spa.example.test/"));
		Long withSecret = this.db
			.sql("SELECT count(*) AS n FROM oauth_clients WHERE client_id = :id AND secret_hash IS NOT NULL")
			.bind("id", created.get("client_id"))
			.map((row) -> row.get("n", Long.class))
			.one()
			.block();
		assertThat(withSecret).isZero();
	}

	@Test
	void putReplacesTheMetadataAndKeepsTheSecret() {
		Map<String, Object> created = register(this.http, machine("before", "orders:read"));
		String path = CLIENTS + "/" + created.get("client_id");
		byte[] hashBefore = secretHash((String) created.get("client_id"));

		Map<String, Object> updated = admin(this.http, HttpMethod.PUT, path,
				"{\"client_name\":\"after\",\"grant_types\":[\"client_credentials\"],"
						+ "\"token_endpoint_auth_method\":\"client_secret_post\",\"scope\":\"orders:read orders:write\"}")
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();

		assertThat(updated).containsEntry("client_name", "after")
			.containsEntry("scope", "orders:read orders:write")
			.containsEntry("token_endpoint_auth_method", "client_secret_post")
			.containsEntry("client_id_issued_at", created.get("client_id_issued_at"))
			.doesNotContainKey("client_secret");
		assertThat(secretHash((String) created.get("client_id"))).isEqualTo(hashBefore);
		assertThat(audited("client_updated", (String) created.get("client_id"))).isEqualTo(1);
	}

	@Test
	void putCannotTurnAConfidentialClientPublic() {
		Map<String, Object> created = register(this.http, webApp("confidential"));

		admin(this.http, HttpMethod.PUT, CLIENTS + "/" + created.get("client_id"),
				"{\"client_name\":\"now public\",\"redirect_uris\":[\"https://app.example.test/callback\"],"
						+ "\"token_endpoint_auth_method\":\"none\"}")
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_client_metadata");
		assertThat(audited("client_updated", (String) created.get("client_id"))).isZero();
	}

	@Test
	void disableAndEnableAreAuditedAndShown() {
		String clientId = (String) register(this.http, machine("toggled", "orders:read")).get("client_id");
		String path = CLIENTS + "/" + clientId;

		admin(this.http, HttpMethod.POST, path + "/disable", null).expectStatus().isNoContent();
		admin(this.http, HttpMethod.GET, path, null).expectBody().jsonPath("$.disabled").isEqualTo(true);
		admin(this.http, HttpMethod.POST, path + "/enable", null).expectStatus().isNoContent();
		admin(this.http, HttpMethod.GET, path, null).expectBody().jsonPath("$.disabled").isEqualTo(false);

		assertThat(audited("client_disabled", clientId)).isEqualTo(1);
		assertThat(audited("client_enabled", clientId)).isEqualTo(1);
	}

	@Test
	void deleteRemovesTheClient() {
		String clientId = (String) register(this.http, machine("gone", "orders:read")).get("client_id");
		String path = CLIENTS + "/" + clientId;

		admin(this.http, HttpMethod.DELETE, path, null).expectStatus().isNoContent();

		admin(this.http, HttpMethod.GET, path, null).expectStatus().isNotFound();
		admin(this.http, HttpMethod.DELETE, path, null).expectStatus().isNotFound();
		assertThat(audited("client_deleted", clientId)).isEqualTo(1);
	}

	@Test
	void anUnknownClientIsNotFound() {
		for (String id : List.of(UUID.randomUUID().toString(), "no-such-client", "a%20b", "x".repeat(65))) {
			String path = CLIENTS + "/" + id;
			for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.DELETE)) {
				admin(this.http, method, path, null).expectStatus()
					.isNotFound()
					.expectBody()
					.jsonPath("$.code")
					.isEqualTo("not_found");
			}
			admin(this.http, HttpMethod.PUT, path, machine("x", "orders:read")).expectStatus().isNotFound();
			admin(this.http, HttpMethod.POST, path + "/disable", null).expectStatus().isNotFound();
			admin(this.http, HttpMethod.POST, path + "/enable", null).expectStatus().isNotFound();
		}
	}

	@Test
	void withoutTheAdminCredentialsNothingIsShownOrChanged() {
		String clientId = (String) register(this.http, machine("guarded", "orders:read")).get("client_id");
		long before = clientCount();
		List<String[]> calls = List.of(new String[] { "POST", CLIENTS }, new String[] { "GET", CLIENTS },
				new String[] { "GET", CLIENTS + "/" + clientId }, new String[] { "PUT", CLIENTS + "/" + clientId },
				new String[] { "DELETE", CLIENTS + "/" + clientId },
				new String[] { "POST", CLIENTS + "/" + clientId + "/disable" },
				new String[] { "POST", CLIENTS + "/" + clientId + "/enable" });
		for (String[] call : calls) {
			for (String authorization : new String[] { null, OAuthCalls.basic(ADMIN_CLIENT, "wrong secret"),
					OAuthCalls.basic(INTROSPECTION_CLIENT, INTROSPECTION_SECRET) }) {
				this.http.method(HttpMethod.valueOf(call[0])).uri(call[1]).headers((headers) -> {
					if (authorization != null) {
						headers.set(HttpHeaders.AUTHORIZATION, authorization);
					}
				})
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(machine("intruder", "orders:read"))
					.exchange()
					.expectStatus()
					.isUnauthorized()
					.expectHeader()
					.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"authflux\"")
					.expectBody()
					.jsonPath("$.code")
					.isEqualTo("invalid_client")
					.jsonPath("$.client_id")
					.doesNotExist();
			}
		}
		assertThat(clientCount()).isEqualTo(before);
		admin(this.http, HttpMethod.GET, CLIENTS + "/" + clientId, null).expectBody()
			.jsonPath("$.disabled")
			.isEqualTo(false);
	}

	static Stream<Arguments> invalidMetadata() {
		String code = "\"grant_types\":[\"authorization_code\"]";
		String uris = "\"redirect_uris\":[\"https://app.example.test/cb\"]";
		return Stream.of(Arguments.of("no client_name", "{" + uris + "}", "invalid_client_metadata"),
				Arguments.of("blank client_name", "{\"client_name\":\"  \"," + uris + "}", "invalid_client_metadata"),
				Arguments.of("client_name with a control character", "{\"client_name\":\"a\\u0007b\"," + uris + "}",
						"invalid_client_metadata"),
				Arguments.of("client_name of 201 characters",
						"{\"client_name\":\"" + "n".repeat(201) + "\"," + uris + "}", "invalid_client_metadata"),
				Arguments.of("client_name a number", "{\"client_name\":7," + uris + "}", "invalid_client_metadata"),
				Arguments.of("relative redirect URI", app("/cb"), "invalid_redirect_uri"),
				Arguments.of("redirect URI with a fragment", app("https://app.example.test/cb#here"),
						"invalid_redirect_uri"),
				Arguments.of("http redirect URI off loopback", app("http://app.example.test/cb"),
						"invalid_redirect_uri"),
				Arguments.of("wildcard host", app("https://*.example.test/cb"), "invalid_redirect_uri"),
				Arguments.of("wildcard path", app("https://app.example.test/*"), "invalid_redirect_uri"),
				Arguments.of("custom scheme", app("com.example.app:/cb"), "invalid_redirect_uri"),
				Arguments.of("javascript scheme", app("javascript:alert(1)"), "invalid_redirect_uri"),
				Arguments.of("user information", app("https://user@app.example.test/cb"), "invalid_redirect_uri"),
				Arguments.of("not a URI", app("https://app example.test/cb"), "invalid_redirect_uri"),
				Arguments.of("empty redirect URI", app(""), "invalid_redirect_uri"),
				Arguments.of("redirect URI of 2001 characters",
						app("https://app.example.test/" + "p".repeat(2001 - 25)), "invalid_redirect_uri"),
				Arguments.of("authorization_code without redirect_uris", "{\"client_name\":\"x\"," + code + "}",
						"invalid_redirect_uri"),
				Arguments.of("redirect_uris a string",
						"{\"client_name\":\"x\",\"redirect_uris\":\"https://app.example.test/cb\"}",
						"invalid_client_metadata"),
				Arguments.of("redirect_uris holding a number", "{\"client_name\":\"x\",\"redirect_uris\":[1]}",
						"invalid_client_metadata"),
				Arguments.of("redirect_uris holding null", "{\"client_name\":\"x\",\"redirect_uris\":[null]}",
						"invalid_client_metadata"),
				Arguments.of("no grant type", "{\"client_name\":\"x\",\"grant_types\":[]}", "invalid_client_metadata"),
				Arguments.of("password grant", "{\"client_name\":\"x\",\"grant_types\":[\"password\"]}",
						"invalid_client_metadata"),
				Arguments.of("implicit grant", "{\"client_name\":\"x\",\"grant_types\":[\"implicit\"]," + uris + "}",
						"invalid_client_metadata"),
				Arguments.of("refresh_token without authorization_code",
						"{\"client_name\":\"x\",\"grant_types\":[\"client_credentials\",\"refresh_token\"]}",
						"invalid_client_metadata"),
				Arguments.of("response type token",
						"{\"client_name\":\"x\"," + uris + ",\"response_types\":[\"code\",\"token\"]}",
						"invalid_client_metadata"),
				Arguments.of("response type code without authorization_code",
						"{\"client_name\":\"x\",\"grant_types\":[\"client_credentials\"],\"response_types\":[\"code\"]}",
						"invalid_client_metadata"),
				Arguments.of("authorization_code without response type code",
						"{\"client_name\":\"x\"," + uris + ",\"response_types\":[]}", "invalid_client_metadata"),
				Arguments.of("unknown auth method",
						"{\"client_name\":\"x\"," + uris + ",\"token_endpoint_auth_method\":\"private_key_jwt\"}",
						"invalid_client_metadata"),
				Arguments.of("public client of client_credentials",
						"{\"client_name\":\"x\",\"grant_types\":[\"client_credentials\"],"
								+ "\"token_endpoint_auth_method\":\"none\"}",
						"invalid_client_metadata"),
				Arguments.of("public client with client_credentials too",
						"{\"client_name\":\"x\"," + uris + ",\"grant_types\":[\"authorization_code\","
								+ "\"client_credentials\"],\"token_endpoint_auth_method\":\"none\"}",
						"invalid_client_metadata"),
				Arguments.of("unknown scope", "{\"client_name\":\"x\"," + uris + ",\"scope\":\"openid admin\"}",
						"invalid_client_metadata"),
				Arguments.of("scope with two spaces",
						"{\"client_name\":\"x\"," + uris + ",\"scope\":\"openid  profile\"}",
						"invalid_client_metadata"),
				Arguments.of("scope with a quote", "{\"client_name\":\"x\"," + uris + ",\"scope\":\"open\\\"id\"}",
						"invalid_client_metadata"),
				Arguments.of("scope a list", "{\"client_name\":\"x\"," + uris + ",\"scope\":[\"openid\"]}",
						"invalid_client_metadata"),
				Arguments.of("skip_consent a word", "{\"client_name\":\"x\"," + uris + ",\"skip_consent\":\"yes\"}",
						"invalid_client_metadata"),
				Arguments.of("post-logout URI off https",
						"{\"client_name\":\"x\"," + uris
								+ ",\"post_logout_redirect_uris\":[\"http://app.example.test/\"]}",
						"invalid_client_metadata"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidMetadata")
	void invalidMetadataIsRefusedWithTheErrorOfRfc7591(String description, String json, String error) {
		long before = clientCount();

		Map<String, Object> body = admin(this.http, HttpMethod.POST, CLIENTS, json).expectStatus()
			.isBadRequest()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();

		assertThat(body).containsEntry("error", error).containsEntry("code", error);
		assertThat((String) body.get("error_description")).isNotBlank().matches("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]+");
		assertThat(clientCount()).isEqualTo(before);
	}

	private static String app(String redirectUri) {
		return "{\"client_name\":\"x\",\"redirect_uris\":[\"" + redirectUri + "\"]}";
	}

	private long clientCount() {
		return this.db.sql("SELECT count(*) AS n FROM oauth_clients")
			.map((row) -> row.get("n", Long.class))
			.one()
			.block();
	}

	private byte[] secretHash(String clientId) {
		return this.db.sql("SELECT secret_hash FROM oauth_clients WHERE client_id = :id")
			.bind("id", clientId)
			.map((row) -> row.get("secret_hash", byte[].class))
			.one()
			.block();
	}

	private long audited(String event, String clientId) {
		return this.db.sql("SELECT count(*) AS n FROM audit_events WHERE event = :event AND detail = :detail")
			.bind("event", event)
			.bind("detail", clientId)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block();
	}

}
