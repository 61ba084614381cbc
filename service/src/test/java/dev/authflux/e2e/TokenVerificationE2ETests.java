package dev.authflux.e2e;

import java.time.Instant;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a resource server does with our tokens: verify them through JWKS, or introspect
 * them.
 */
@Tag("e2e")
class TokenVerificationE2ETests extends ApplicationTest {

	private AuthClient client;

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@Test
	void accessTokenVerifiesWithThePublishedKey() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("rs");
		Map<String, Object> registered = this.client.register(user);
		AuthClient.Tokens tokens = this.client.login(user);

		String jwks = this.http.get()
			.uri("/.well-known/jwks.json")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value("Cache-Control", (value) -> assertThat(value).contains("public").containsPattern("max-age=\\d+"))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		JWKSet keys = JWKSet.parse(jwks);
		assertThat(keys.getKeys()).allSatisfy((key) -> assertThat(key.isPrivate()).isFalse());
		assertThat(jwks).doesNotContain("\"d\"");

		SignedJWT jwt = SignedJWT.parse(tokens.accessToken());
		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		ECKey key = (ECKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
		assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
		assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(registered.get("id"));
		assertThat(jwt.getJWTClaimsSet().getStringClaim("sid")).isEqualTo(tokens.sessionId());
		assertThat(jwt.getJWTClaimsSet().getStringClaim("preferred_username")).isEqualTo(user.username());
		assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("http://localhost:8080");
		assertThat(jwt.getJWTClaimsSet().getJWTID()).isNotBlank();
		assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isAfter(Instant.now().plusSeconds(500))
			.isBefore(Instant.now().plusSeconds(700));
	}

	@Test
	void introspectionTellsActiveFromRevoked() {
		TestUsers.Credentials user = TestUsers.unique("rs");
		AuthClient.Tokens tokens = this.client.registerAndLogin(user);

		introspect(tokens.accessToken()).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.active")
			.isEqualTo(true)
			.jsonPath("$.sid")
			.isEqualTo(tokens.sessionId())
			.jsonPath("$.username")
			.isEqualTo(user.username())
			.jsonPath("$.token_type")
			.isEqualTo("access_token")
			.jsonPath("$.exp")
			.isNumber();

		this.client.withToken("DELETE", "/api/v1/sessions/current", tokens.accessToken(), null)
			.expectStatus()
			.isNoContent();
		introspect(tokens.accessToken()).expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.isEqualTo(Map.of("active", false));
		introspect("garbage").expectStatus().isOk().expectBody().jsonPath("$.active").isEqualTo(false);
	}

	@Test
	void introspectionRequiresClientCredentials() {
		this.http.post()
			.uri("/api/v1/introspect")
			.body(BodyInserters.fromFormData("token", "anything"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Basic realm=\"authflux\"")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_client");
		this.http.post()
			.uri("/api/v1/introspect")
			.headers((h) -> h.setBasicAuth(INTROSPECTION_CLIENT, "wrong secret"))
			.body(BodyInserters.fromFormData("token", "anything"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void introspectionNeedsAFormWithAToken() {
		this.http.post()
			.uri("/api/v1/introspect")
			.headers((h) -> h.setBasicAuth(INTROSPECTION_CLIENT, INTROSPECTION_SECRET))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"token\":\"x\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(415);
		this.http.post()
			.uri("/api/v1/introspect")
			.headers((h) -> h.setBasicAuth(INTROSPECTION_CLIENT, INTROSPECTION_SECRET))
			.body(BodyInserters.fromFormData("other", "x"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("token");
	}

	private WebTestClient.ResponseSpec introspect(String token) {
		return this.http.post()
			.uri("/api/v1/introspect")
			.headers((h) -> h.setBasicAuth(INTROSPECTION_CLIENT, INTROSPECTION_SECRET))
			.body(BodyInserters.fromFormData("token", token))
			.exchange();
	}

}
