package dev.authflux.e2e;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.Jwks;
import dev.authflux.support.OtherInstance;
import dev.authflux.support.TestUsers;
import dev.authflux.token.IdTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a resource server does with our tokens: verify them through JWKS, or introspect
 * them; and what a relying party does with our ID tokens, which are never access tokens.
 */
@Tag("e2e")
class TokenVerificationE2ETests extends ApplicationTest {

	private static final String ISSUER = "http://localhost:8080";

	@Autowired
	private IdTokens idTokens;

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
		assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(ISSUER);
		assertThat(jwt.getJWTClaimsSet().getJWTID()).isNotBlank();
		assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isAfter(Instant.now().plusSeconds(500))
			.isBefore(Instant.now().plusSeconds(700));
	}

	/**
	 * Both families from the start, each key as Spring Security's resource server and the
	 * OpenID conformance suite expect it: a distinct {@code kid}, its {@code alg},
	 * {@code use: sig}, and no private member.
	 */
	@Test
	void jwksPublishesTheAccessTokenAndIdTokenKeysPublicHalvesOnly() {
		List<Map<String, Object>> keys = this.http.get()
			.uri("/.well-known/jwks.json")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, List<Map<String, Object>>>>() {
			})
			.returnResult()
			.getResponseBody()
			.get("keys");

		assertThat(keys).extracting((key) -> key.get("alg")).contains("ES256", "RS256");
		assertThat(keys).extracting((key) -> key.get("kid")).doesNotContainNull().doesNotHaveDuplicates();
		assertThat(keys).allSatisfy((key) -> assertThat(key).containsKeys("kty", "kid", "alg")
			.containsEntry("use", "sig")
			.doesNotContainKeys("d", "p", "q", "dp", "dq", "qi", "k"));
	}

	@Test
	void idTokenVerifiesAsARelyingPartyChecksItButIsNoAccessToken() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("idt");
		String userId = (String) this.client.register(user).get("id");
		AuthClient.Tokens tokens = this.client.login(user);
		String idToken = this.idTokens.sign(idTokenClaims(userId, tokens.sessionId())).block();

		JWKSet published = JWKSet.parse(this.http.get()
			.uri("/.well-known/jwks.json")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		DefaultJWTProcessor<SecurityContext> relyingParty = new DefaultJWTProcessor<>();
		relyingParty
			.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(published)));
		assertThat(relyingParty.process(idToken, null).getSubject()).isEqualTo(userId);

		this.client.me(tokens.accessToken()).expectStatus().isOk();
		this.client.assertAccessTokenRejected(idToken);
		introspect(idToken).expectStatus().isOk().expectBody().jsonPath("$.active").isEqualTo(false);
	}

	/**
	 * RS256 access tokens: the one RS256 key signs access and ID tokens alike, and the ID
	 * token still does not pass for an access token.
	 */
	@Test
	void idTokenSignedByTheAccessTokenKeyIsNoAccessTokenEither() {
		try (OtherInstance other = OtherInstance.start("authflux.token.algorithm=RS256")) {
			AuthClient there = new AuthClient(other.http());
			TestUsers.Credentials user = TestUsers.unique("idtrsa");
			String userId = (String) there.register(user).get("id");
			AuthClient.Tokens tokens = there.login(user);
			String idToken = other.bean(IdTokens.class).sign(idTokenClaims(userId, tokens.sessionId())).block();

			assertThat(Jwks.kidOf(idToken)).isEqualTo(Jwks.kidOf(tokens.accessToken()));
			there.me(tokens.accessToken()).expectStatus().isOk();
			there.assertAccessTokenRejected(idToken);
			this.client.assertAccessTokenRejected(idToken);
		}
	}

	private static JWTClaimsSet idTokenClaims(String userId, String sessionId) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject(userId)
			.audience("some-client")
			.claim("sid", sessionId)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(600)))
			.claim("auth_time", now.getEpochSecond())
			.build();
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
