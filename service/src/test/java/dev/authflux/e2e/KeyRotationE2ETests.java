package dev.authflux.e2e;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.AuthClient.Tokens;
import dev.authflux.support.DatabaseState;
import dev.authflux.support.Jwks;
import dev.authflux.support.OtherInstance;
import dev.authflux.support.TestUsers;
import dev.authflux.support.TestUsers.Credentials;
import dev.authflux.token.IdTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An operator rotates the signing key over HTTP: clients holding tokens notice nothing,
 * new tokens carry the new key, and a second running instance follows without a restart.
 */
@Tag("e2e")
class KeyRotationE2ETests extends ApplicationTest {

	private static final String ROTATE = "/api/v1/admin/signing-keys/rotate";

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	@Autowired
	private IdTokens idTokens;

	private AuthClient client;

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@Test
	void tokenIssuedBeforeRotationKeepsWorkingAndNewTokensCarryTheNewKey() {
		Credentials user = TestUsers.unique("rotation");
		Tokens before = this.client.registerAndLogin(user);
		String oldKid = Jwks.kidOf(before.accessToken());
		String oldIdTokenKid = Jwks.kidOf(idToken());

		Map<String, Object> rotated = rotate(this.http).expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectHeader()
			.cacheControl(CacheControl.noStore())
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();

		assertThat(rotated).containsOnlyKeys("kid", "algorithm", "retired_kid", "id_token")
			.containsEntry("algorithm", "ES256")
			.containsEntry("retired_kid", oldKid);
		String newKid = (String) rotated.get("kid");
		assertThat(newKid).isNotEqualTo(oldKid);
		@SuppressWarnings("unchecked")
		Map<String, Object> idTokenKey = (Map<String, Object>) rotated.get("id_token");
		assertThat(idTokenKey).containsOnlyKeys("kid", "algorithm", "retired_kid")
			.containsEntry("algorithm", "RS256")
			.containsEntry("retired_kid", oldIdTokenKid);
		String newIdTokenKid = (String) idTokenKey.get("kid");
		assertThat(newIdTokenKid).isNotEqualTo(oldIdTokenKid);
		assertThat(Jwks.kidOf(idToken())).isEqualTo(newIdTokenKid);
		assertThat(Jwks.kids(this.http)).contains(newIdTokenKid, oldIdTokenKid);
		this.client.me(before.accessToken()).expectStatus().isOk();
		Tokens after = this.client.login(user);
		assertThat(Jwks.kidOf(after.accessToken())).isEqualTo(newKid);
		this.client.me(after.accessToken()).expectStatus().isOk();
		assertThat(Jwks.kids(this.http)).contains(newKid, oldKid);
		// The session's refresh keeps working across the rotation, now with the new key.
		assertThat(Jwks.kidOf(this.client.refreshed(before.refreshToken()).accessToken())).isEqualTo(newKid);
	}

	@Test
	void rotateWithoutTheAdminCredentialsIsInvalidClientAndChangesNoKey() throws Exception {
		String userToken = this.client.registerAndLogin(TestUsers.unique("notadmin")).accessToken();
		Map<String, Consumer<HttpHeaders>> callers = Map.of("no credentials", (headers) -> {
		}, "a wrong secret", (headers) -> headers.setBasicAuth(ADMIN_CLIENT, "wrong secret"), "another client id",
				(headers) -> headers.setBasicAuth("someone", ADMIN_SECRET), "the introspection client",
				(headers) -> headers.setBasicAuth(INTROSPECTION_CLIENT, INTROSPECTION_SECRET), "a user's access token",
				(headers) -> headers.setBearerAuth(userToken));
		List<String> kids = Jwks.kids(this.http);
		try (DatabaseState database = DatabaseState.open()) {
			String before = database.fingerprint();
			callers.forEach((caller, credentials) -> this.http.post()
				.uri(ROTATE)
				.headers(credentials)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectHeader()
				.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"authflux\"")
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("invalid_client"));
			this.http.get()
				.uri(ROTATE)
				.headers((headers) -> headers.setBasicAuth(ADMIN_CLIENT, ADMIN_SECRET))
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
				.expectHeader()
				.valueEquals(HttpHeaders.ALLOW, "POST");
			assertThat(database.fingerprint()).isEqualTo(before);
		}
		assertThat(Jwks.kids(this.http)).isEqualTo(kids);
	}

	/**
	 * The other instance re-reads its keys on its own only every hour: only the
	 * notification of the rotation can bring it the new key within the bound.
	 */
	@Test
	void anotherRunningInstanceFollowsTheRotationWithoutARestart() {
		try (OtherInstance other = OtherInstance.start("authflux.token.key-refresh-interval=1h")) {
			AuthClient there = new AuthClient(other.http());
			Credentials user = TestUsers.unique("replica");
			Tokens beforeThere = there.registerAndLogin(user);
			String oldKid = Jwks.kidOf(beforeThere.accessToken());
			assertThat(Jwks.kidOf(this.client.login(user).accessToken())).isEqualTo(oldKid);

			String newKid = (String) rotate(this.http).expectStatus()
				.isOk()
				.expectBody(JSON_OBJECT)
				.returnResult()
				.getResponseBody()
				.get("kid");

			await().untilAsserted(() -> assertThat(Jwks.kids(other.http())).contains(newKid, oldKid));
			Tokens afterThere = there.login(user);
			assertThat(Jwks.kidOf(afterThere.accessToken())).isEqualTo(newKid);
			Tokens afterHere = this.client.login(user);
			assertThat(Jwks.kidOf(afterHere.accessToken())).isEqualTo(newKid);
			// Each instance accepts the other's tokens, old and new.
			there.me(afterHere.accessToken()).expectStatus().isOk();
			this.client.me(afterThere.accessToken()).expectStatus().isOk();
			this.client.me(beforeThere.accessToken()).expectStatus().isOk();
			there.me(beforeThere.accessToken()).expectStatus().isOk();
		}
	}

	private String idToken() {
		Instant now = Instant.now();
		return this.idTokens
			.sign(new JWTClaimsSet.Builder().issuer("http://localhost:8080")
				.subject(UUID.randomUUID().toString())
				.audience("some-client")
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(600)))
				.build())
			.block();
	}

	private static WebTestClient.ResponseSpec rotate(WebTestClient http) {
		return http.post()
			.uri(ROTATE)
			.headers((headers) -> headers.setBasicAuth(ADMIN_CLIENT, ADMIN_SECRET))
			.exchange();
	}

}
