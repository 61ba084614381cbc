package dev.authflux.token;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.authflux.support.MutableClock;
import dev.authflux.support.TestProperties;
import dev.authflux.web.UnauthorizedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;

/**
 * Issued tokens verify; every kind of forged, tampered or stale token is refused, and so
 * is an ID token.
 */
class AccessTokensTests {

	private static final String ISSUER = "https://auth.example.test";

	private final SecureRandom random = new SecureRandom();

	/**
	 * ID tokens signed by the same key as access tokens: the case in which only the
	 * claims can tell them apart.
	 */
	private final TokenProperties properties = TestProperties.bind("authflux.token", TokenProperties.class,
			"issuer=" + ISSUER, "id-token-algorithm=ES256");

	private JWK key;

	private AccessTokens tokens;

	@BeforeEach
	void keys() throws Exception {
		this.key = SigningAlgorithm.ES256.generate();
		this.tokens = tokensAt(Clock.systemUTC());
	}

	@Test
	void issuedTokenVerifiesWithItsClaims() {
		UUID user = UUID.randomUUID();
		UUID session = UUID.randomUUID();
		StepVerifier.create(this.tokens.issue(user, "alice", session).flatMap((t) -> this.tokens.verify(t.value())))
			.assertNext((claims) -> {
				org.assertj.core.api.Assertions.assertThat(claims.userId()).isEqualTo(user);
				org.assertj.core.api.Assertions.assertThat(claims.sessionId()).isEqualTo(session);
				org.assertj.core.api.Assertions.assertThat(claims.username()).isEqualTo("alice");
			})
			.verifyComplete();
	}

	@Test
	void clientTokenVerifiesAsAClientsWithItsRfc9068Claims() throws Exception {
		String token = this.tokens.issueForClient("batch-job", "orders:read").block().value();

		JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
		org.assertj.core.api.Assertions.assertThat(claims.getSubject()).isEqualTo("batch-job");
		org.assertj.core.api.Assertions.assertThat(claims.getAudience()).containsExactly(ISSUER);
		org.assertj.core.api.Assertions.assertThat(claims.getStringClaim("client_id")).isEqualTo("batch-job");
		org.assertj.core.api.Assertions.assertThat(claims.getClaims()).doesNotContainKeys("sid", "preferred_username");
		StepVerifier.create(this.tokens.verify(token)).assertNext((verified) -> {
			org.assertj.core.api.Assertions.assertThat(verified.isClientToken()).isTrue();
			org.assertj.core.api.Assertions.assertThat(verified.clientId()).isEqualTo("batch-job");
			org.assertj.core.api.Assertions.assertThat(verified.scope()).isEqualTo("orders:read");
			org.assertj.core.api.Assertions.assertThat(verified.userId()).isNull();
		}).verifyComplete();
	}

	@Test
	void clientTokenWithoutScopeHasNoScopeClaim() throws Exception {
		String token = this.tokens.issueForClient("batch-job", "").block().value();

		org.assertj.core.api.Assertions.assertThat(SignedJWT.parse(token).getJWTClaimsSet().getClaims())
			.doesNotContainKey("scope");
	}

	@Test
	void verifyWhenNoSessionAndSubjectIsNotTheClientThenInvalidToken() throws Exception {
		assertRejected(sign(this.key.toECKey(), this.key.getKeyID(), AccessTokenType.JWT.joseType(),
				validClaims().claim("sid", null).claim("client_id", "batch-job").build()));
	}

	@Test
	void issuedTokenIsTypedJwtByDefaultForStockResourceServers() throws Exception {
		String token = this.tokens.issue(UUID.randomUUID(), "alice", UUID.randomUUID()).block().value();
		org.assertj.core.api.Assertions.assertThat(SignedJWT.parse(token).getHeader().getType())
			.isEqualTo(JOSEObjectType.JWT);
	}

	@Test
	void issuedTokenIsTypedAtJwtWhenConfigured() throws Exception {
		TokenProperties atJwt = TestProperties.bind("authflux.token", TokenProperties.class, "issuer=" + ISSUER,
				"type=at+jwt", "id-token-algorithm=ES256");
		SigningKeyRepository repository = mock(SigningKeyRepository.class);
		given(repository.findUsable(any())).willReturn(Flux.just(stored(this.key, true)));
		AccessTokens tokens = new AccessTokens(new SigningKeys(repository, atJwt, this.random, Clock.systemUTC()),
				atJwt, this.random, Clock.systemUTC());
		String token = tokens.issue(UUID.randomUUID(), "alice", UUID.randomUUID()).block().value();
		org.assertj.core.api.Assertions.assertThat(SignedJWT.parse(token).getHeader().getType().getType())
			.isEqualTo("at+jwt");
		StepVerifier.create(this.tokens.verify(token)).expectNextCount(1).verifyComplete();
	}

	@Test
	void verifyWhenAlgNoneThenInvalidToken() {
		String unsigned = new PlainJWT(validClaims().build()).serialize();
		assertRejected(unsigned);
	}

	@Test
	void verifyWhenHs256SignedWithThePublicKeyThenInvalidToken() throws Exception {
		byte[] publicKeyAsSecret = this.key.toECKey().toPublicJWK().toJSONString().getBytes();
		SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(this.key.getKeyID())
			.type(AccessTokenType.JWT.joseType())
			.build(), validClaims().build());
		forged.sign(new MACSigner(java.util.Arrays.copyOf(publicKeyAsSecret, 64)));
		assertRejected(forged.serialize());
	}

	@Test
	void verifyWhenUnknownKidThenInvalidToken() throws Exception {
		assertRejected(
				sign(this.key.toECKey(), "some-other-kid", AccessTokenType.JWT.joseType(), validClaims().build()));
	}

	@Test
	void verifyWhenSignedByAnotherKeyThenInvalidToken() throws Exception {
		ECKey stranger = SigningAlgorithm.ES256.generate().toECKey();
		assertRejected(sign(stranger, this.key.getKeyID(), AccessTokenType.JWT.joseType(), validClaims().build()));
	}

	@Test
	void verifyWhenPayloadTamperedThenInvalidToken() {
		String token = this.tokens.issue(UUID.randomUUID(), "alice", UUID.randomUUID()).block().value();
		String[] parts = token.split("\\.");
		String otherPayload = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(validClaims().subject(UUID.randomUUID().toString()).build().toString().getBytes());
		assertRejected(parts[0] + "." + otherPayload + "." + parts[2]);
	}

	@Test
	void verifyWhenExpiredBeyondSkewThenInvalidToken() {
		Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
		String stale = tokensAt(anHourAgo).issue(UUID.randomUUID(), "alice", UUID.randomUUID()).block().value();
		assertRejected(stale);
	}

	@Test
	void verifyWhenExpiredWithinSkewThenAccepted() {
		Clock justExpired = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)).minusSeconds(5), ZoneOffset.UTC);
		String token = tokensAt(justExpired).issue(UUID.randomUUID(), "alice", UUID.randomUUID()).block().value();
		StepVerifier.create(this.tokens.verify(token)).expectNextCount(1).verifyComplete();
	}

	@Test
	void verifyWhenWrongIssuerThenInvalidToken() throws Exception {
		assertRejected(sign(this.key.toECKey(), this.key.getKeyID(), AccessTokenType.JWT.joseType(),
				validClaims().issuer("https://evil.example.test").build()));
	}

	@Test
	void verifyWhenOtherJwtTypeThenInvalidToken() throws Exception {
		assertRejected(
				sign(this.key.toECKey(), this.key.getKeyID(), new JOSEObjectType("logout+jwt"), validClaims().build()));
	}

	@Test
	void verifyWhenNoJwtTypeThenInvalidToken() throws Exception {
		assertRejected(sign(this.key.toECKey(), this.key.getKeyID(), null, validClaims().build()));
	}

	@Test
	void verifyWhenIssuedAsAtJwtThenAcceptedWhateverTheConfiguredType() throws Exception {
		String atJwt = sign(this.key.toECKey(), this.key.getKeyID(), AccessTokenType.AT_JWT.joseType(),
				validClaims().build());
		StepVerifier.create(this.tokens.verify(atJwt)).expectNextCount(1).verifyComplete();
	}

	@Test
	void verifyWhenSessionClaimMissingThenInvalidToken() throws Exception {
		assertRejected(sign(this.key.toECKey(), this.key.getKeyID(), AccessTokenType.JWT.joseType(),
				validClaims().claim("sid", null).build()));
	}

	@Test
	void verifyWhenSignedByAKeyCreatedElsewhereThenKeysAreReadAgainOnce() throws Exception {
		JWK newer = SigningAlgorithm.ES256.generate();
		SigningKeyRepository repository = mock(SigningKeyRepository.class);
		given(repository.findUsable(any())).willReturn(Flux.just(stored(this.key, true)),
				Flux.just(stored(newer, true), stored(this.key, false)));
		MutableClock clock = MutableClock.now();
		AccessTokens tokens = new AccessTokens(new SigningKeys(repository, this.properties, this.random, clock),
				this.properties, this.random, clock);
		String byNewer = sign(newer.toECKey(), newer.getKeyID(), AccessTokenType.JWT.joseType(), validClaims().build());

		// Keys were read a moment ago: an unknown key id does not make them read again...
		StepVerifier.create(tokens.verify(byNewer)).expectError(UnauthorizedException.class).verify();
		then(repository).should(times(1)).findUsable(any());
		// ...but once the interval has passed, it does, and the new key is trusted.
		clock.advance(SigningKeys.UNKNOWN_KEY_RELOAD_INTERVAL.plusSeconds(1));
		StepVerifier.create(tokens.verify(byNewer)).expectNextCount(1).verifyComplete();
		then(repository).should(times(2)).findUsable(any());
	}

	@Test
	void verifyWhenTheSigningKeyIsNoLongerTrustedThenARememberedTokenIsRejected() throws Exception {
		JWK replacement = SigningAlgorithm.ES256.generate();
		SigningKeyRepository repository = mock(SigningKeyRepository.class);
		given(repository.findUsable(any())).willReturn(Flux.just(stored(this.key, true)),
				Flux.just(stored(replacement, true)));
		SigningKeys keys = new SigningKeys(repository, this.properties, this.random, Clock.systemUTC());
		AccessTokens tokens = new AccessTokens(keys, this.properties, this.random, Clock.systemUTC());
		String token = tokens.issue(UUID.randomUUID(), "alice", UUID.randomUUID()).block().value();
		StepVerifier.create(tokens.verify(token)).expectNextCount(1).verifyComplete();

		StepVerifier.create(keys.reload()).expectNextCount(1).verifyComplete();
		StepVerifier.create(tokens.verify(token)).expectError(UnauthorizedException.class).verify();
	}

	@Test
	void verifyWhenAlgorithmIsNotTheKeysThenInvalidToken() throws Exception {
		RSAKey rsa = SigningAlgorithm.RS256.generate().toRSAKey();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID())
			.type(AccessTokenType.JWT.joseType())
			.build(), validClaims().build());
		jwt.sign(new RSASSASigner(rsa));
		assertRejected(jwt.serialize());
	}

	@Test
	void verifyWhenAnIdTokenSignedByTheSameKeyThenInvalidToken() throws Exception {
		SigningKeys keys = keysOf(this.properties, this.key);
		assertIdTokenRejected(new AccessTokens(keys, this.properties, this.random, Clock.systemUTC()),
				new IdTokens(keys, this.properties));
	}

	@Test
	void verifyWhenBothFamiliesAreRs256AndGivenAnIdTokenThenInvalidToken() throws Exception {
		TokenProperties rs256 = TestProperties.bind("authflux.token", TokenProperties.class, "issuer=" + ISSUER,
				"algorithm=RS256", "id-token-algorithm=RS256");
		SigningKeys keys = keysOf(rs256, SigningAlgorithm.RS256.generate());
		assertIdTokenRejected(new AccessTokens(keys, rs256, this.random, Clock.systemUTC()), new IdTokens(keys, rs256));
	}

	/**
	 * An ID token has all an access token has but {@code jti}: the user in {@code sub}, a
	 * live session in {@code sid}, our {@code iss}, {@code typ: JWT}, a signature by the
	 * very key that signs access tokens.
	 */
	private void assertIdTokenRejected(AccessTokens tokens, IdTokens idTokens) throws Exception {
		UUID user = UUID.randomUUID();
		UUID session = UUID.randomUUID();
		String accessToken = tokens.issue(user, "alice", session).block().value();
		Instant now = Instant.now();
		String idToken = idTokens
			.sign(new JWTClaimsSet.Builder().issuer(ISSUER)
				.subject(user.toString())
				.audience("some-client")
				.claim("sid", session.toString())
				.claim("preferred_username", "alice")
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(600)))
				.claim("auth_time", now.getEpochSecond())
				.build())
			.block();
		org.assertj.core.api.Assertions.assertThat(SignedJWT.parse(idToken).getHeader().toJSONObject())
			.isEqualTo(SignedJWT.parse(accessToken).getHeader().toJSONObject());

		StepVerifier.create(tokens.verify(accessToken)).expectNextCount(1).verifyComplete();
		StepVerifier.create(tokens.verify(idToken)).expectError(UnauthorizedException.class).verify();
	}

	private SigningKeys keysOf(TokenProperties properties, JWK key) {
		SigningKeyRepository repository = mock(SigningKeyRepository.class);
		given(repository.findUsable(any())).willReturn(Flux.just(stored(key, true)));
		return new SigningKeys(repository, properties, this.random, Clock.systemUTC());
	}

	private static StoredKey stored(JWK key, boolean active) {
		return new StoredKey(key.getAlgorithm().getName(), active, key.toJSONString(), Instant.now());
	}

	private void assertRejected(String token) {
		StepVerifier.create(this.tokens.verify(token)).expectError(UnauthorizedException.class).verify();
	}

	private AccessTokens tokensAt(Clock clock) {
		SigningKeyRepository repository = mock(SigningKeyRepository.class);
		given(repository.findUsable(any()))
			.willReturn(Flux.just(new StoredKey("ES256", true, this.key.toJSONString(), Instant.now())));
		SigningKeys keys = new SigningKeys(repository, this.properties, this.random, Clock.systemUTC());
		return new AccessTokens(keys, this.properties, this.random, clock);
	}

	private static JWTClaimsSet.Builder validClaims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject(UUID.randomUUID().toString())
			.claim("sid", UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(600)))
			.jwtID("jti");
	}

	private static String sign(ECKey signingKey, String kid, JOSEObjectType type, JWTClaimsSet claims)
			throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(type).build(), claims);
		jwt.sign(new ECDSASigner(signingKey));
		return jwt.serialize();
	}

}
