package dev.authflux.e2e;

import java.util.Map;

import dev.authflux.support.OperatorCalls;
import dev.authflux.support.TwoInstanceTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.authflux.support.OAuthCalls.CLIENTS;
import static dev.authflux.support.OAuthCalls.admin;
import static dev.authflux.support.OAuthCalls.basic;
import static dev.authflux.support.OAuthCalls.machine;
import static dev.authflux.support.OAuthCalls.register;
import static dev.authflux.support.OAuthCalls.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances sharing one database, each remembering the clients that authenticated at
 * it: an operator's change of a client on one instance, or one written straight into the
 * database, is honoured by the other at its next token request, although the other had
 * the client cached.
 */
@Tag("e2e")
class ClientChangesAcrossInstancesE2ETests extends TwoInstanceTest {

	private static final String GRANT = "grant_type=client_credentials";

	@Autowired
	private DatabaseClient db;

	@Test
	void aClientDisabledHereIsRefusedThereAndEnabledAgainIsServedThere() {
		Map<String, Object> client = registeredAndCachedThere("disabled elsewhere");

		admin(this.http, HttpMethod.POST, CLIENTS + "/" + id(client) + "/disable", null).expectStatus().isNoContent();

		assertInvalidClient(grant(this.http, client));
		await().untilAsserted(() -> assertInvalidClient(grant(other.http(), client)));

		admin(this.http, HttpMethod.POST, CLIENTS + "/" + id(client) + "/enable", null).expectStatus().isNoContent();

		grant(this.http, client).expectStatus().isOk();
		await().untilAsserted(() -> grant(other.http(), client).expectStatus().isOk());
	}

	@Test
	void aClientDeletedHereIsRefusedThere() {
		Map<String, Object> client = registeredAndCachedThere("deleted elsewhere");

		admin(this.http, HttpMethod.DELETE, CLIENTS + "/" + id(client), null).expectStatus().isNoContent();

		assertInvalidClient(grant(this.http, client));
		await().untilAsserted(() -> assertInvalidClient(grant(other.http(), client)));
	}

	@Test
	void metadataReplacedHereIsWhatTheClientGetsThere() {
		Map<String, Object> client = registeredAndCachedThere("replaced elsewhere");

		admin(this.http, HttpMethod.PUT, CLIENTS + "/" + id(client), machine("replaced elsewhere", "orders:write"))
			.expectStatus()
			.isOk();

		await().untilAsserted(() -> assertThat(scopeOf(grant(other.http(), client))).isEqualTo("orders:write"));
		ClientCredentialsGrantE2ETests
			.assertOAuthError(token(other.http(), basicOf(client), GRANT + "&scope=orders:read"), 400, "invalid_scope");
	}

	@Test
	void aSecretChangedInTheDatabaseReplacesTheCachedOneOnBothInstances() {
		Map<String, Object> client = registeredAndCachedThere("secret rotated by hand");
		grant(this.http, client).expectStatus().isOk();

		this.db.sql("UPDATE oauth_clients SET secret_hash = sha256(convert_to(:secret, 'UTF8')) WHERE client_id = :id")
			.bind("secret", "a new secret")
			.bind("id", id(client))
			.then()
			.block();

		for (WebTestClient instance : new WebTestClient[] { this.http, other.http() }) {
			await().untilAsserted(() -> assertInvalidClient(grant(instance, client)));
			token(instance, basic(id(client), "a new secret"), GRANT).expectStatus().isOk();
		}
	}

	/** A client registered here that has just been served there: there has it cached. */
	private Map<String, Object> registeredAndCachedThere(String name) {
		Map<String, Object> client = register(this.http, machine(name, "orders:read orders:write"));
		grant(other.http(), client).expectStatus().isOk();
		grant(other.http(), client).expectStatus().isOk();
		return client;
	}

	private static WebTestClient.ResponseSpec grant(WebTestClient instance, Map<String, Object> client) {
		return token(instance, basicOf(client), GRANT);
	}

	private static String scopeOf(WebTestClient.ResponseSpec response) {
		return (String) response.expectStatus()
			.isOk()
			.expectBody(OperatorCalls.JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("scope");
	}

	private static void assertInvalidClient(WebTestClient.ResponseSpec response) {
		ClientCredentialsGrantE2ETests.assertOAuthError(response, 401, "invalid_client");
	}

	private static String basicOf(Map<String, Object> client) {
		return basic(id(client), (String) client.get("client_secret"));
	}

	private static String id(Map<String, Object> client) {
		return (String) client.get("client_id");
	}

}
