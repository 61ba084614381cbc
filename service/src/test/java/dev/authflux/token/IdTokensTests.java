package dev.authflux.token;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.authflux.support.TestProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * ID tokens are signed with the ID-token key and verify as a relying party checks them;
 * as {@code id_token_hint}, only our own are accepted, expired ones included.
 */
class IdTokensTests {

	private static final String ISSUER = "https://auth.example.test";

	private final SecureRandom random = new SecureRandom();

	/** The defaults: ES256 access tokens, RS256 ID tokens. */
	private final TokenProperties properties = TestProperties.bind("authflux.token", TokenProperties.class,
			"issuer=" + ISSUER);

	private JWK accessTokenKey;

	private JWK idTokenKey;

	private SigningKeys keys;

	private IdTokens idTokens;

	@BeforeEach
	void keys() throws Exception {
		this.accessTokenKey = SigningAlgorithm.ES256.generate();
		this.idTokenKey = SigningAlgorithm.RS256.generate();
		this.keys = new SigningKeys(mockRepository(), this.properties, this.random, Clock.systemUTC());
		this.idTokens = new IdTokens(this.keys, this.properties);
	}

	@Test
	void signThenRs256WithTheIdTokenKidAndTypJwt() throws Exception {
		SignedJWT jwt = SignedJWT.parse(this.idTokens.sign(claims().build()).block());

		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(jwt.getHeader().getKeyID()).isEqualTo(this.idTokenKey.getKeyID());
		assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
	}

	/** What an OpenID Connect client does: the published JWKS, RS256 expected. */
	@Test
	void signedTokenVerifiesWithNimbusAgainstThePublishedKeys() throws Exception {
		JWTClaimsSet sent = claims().build();
		String idToken = this.idTokens.sign(sent).block();

		JWKSet published = JWKSet.parse(new String(this.keys.current().block().jwksJson()));
		DefaultJWTProcessor<SecurityContext> relyingParty = new DefaultJWTProcessor<>();
		relyingParty
			.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(published)));
		JWTClaimsSet verified = relyingParty.process(idToken, null);

		assertThat(verified.toJSONObject()).isEqualTo(sent.toJSONObject());
	}

	@Test
	void signWhenTheClaimsCarryAJtiThenRefused() {
		StepVerifier.create(this.idTokens.sign(claims().jwtID("jti").build()))
			.expectError(IllegalArgumentException.class)
			.verify();
	}

	@Test
	void signWhenBothFamiliesShareEs256ThenTheAccessTokenKeySigns() throws Exception {
		TokenProperties es256 = TestProperties.bind("authflux.token", TokenProperties.class, "issuer=" + ISSUER,
				"id-token-algorithm=ES256");
		IdTokens idTokens = new IdTokens(new SigningKeys(mockRepository(), es256, this.random, Clock.systemUTC()),
				es256);

		JWSHeader header = SignedJWT.parse(idTokens.sign(claims().build()).block()).getHeader();

		assertThat(header.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(header.getKeyID()).isEqualTo(this.accessTokenKey.getKeyID());
	}

	@Test
	void verifyHintWhenOursThenItsClaims() {
		UUID user = UUID.randomUUID();
		String idToken = this.idTokens.sign(claims().subject(user.toString()).build()).block();

		StepVerifier.create(this.idTokens.verifyHint(idToken))
			.assertNext((claims) -> assertThat(claims.getSubject()).isEqualTo(user.toString()))
			.verifyComplete();
	}

	/** OpenID Connect Core §3.1.2.1: the hint may have expired. */
	@Test
	void verifyHintWhenOursAndLongExpiredThenAccepted() {
		Instant aDayAgo = Instant.now().minus(Duration.ofDays(1));
		String expired = this.idTokens
			.sign(claims().issueTime(Date.from(aDayAgo)).expirationTime(Date.from(aDayAgo.plusSeconds(300))).build())
			.block();

		StepVerifier.create(this.idTokens.verifyHint(expired)).expectNextCount(1).verifyComplete();
	}

	@Test
	void verifyHintWhenSignedByAForeignKeyUnderOurKidThenRefused() throws Exception {
		JWK foreign = SigningAlgorithm.RS256.generate();
		assertRefused(sign(foreign, this.idTokenKey.getKeyID(), claims().build()));
	}

	@Test
	void verifyHintWhenSignedByAForeignKeyUnderItsOwnKidThenRefused() throws Exception {
		JWK foreign = SigningAlgorithm.RS256.generate();
		assertRefused(sign(foreign, foreign.getKeyID(), claims().build()));
	}

	@Test
	void verifyHintWhenAlgNoneThenRefused() {
		assertRefused(new PlainJWT(claims().build()).serialize());
	}

	@Test
	void verifyHintWhenHs256KeyedWithOurPublicKeyThenRefused() throws Exception {
		byte[] publicKeyAsSecret = this.idTokenKey.toPublicJWK().toJSONString().getBytes();
		SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(this.idTokenKey.getKeyID())
			.type(JOSEObjectType.JWT)
			.build(), claims().build());
		forged.sign(new MACSigner(Arrays.copyOf(publicKeyAsSecret, 64)));
		assertRefused(forged.serialize());
	}

	@Test
	void verifyHintWhenAnotherIssuerThenRefused() throws Exception {
		assertRefused(sign(this.idTokenKey, this.idTokenKey.getKeyID(),
				claims().issuer("https://evil.example.test").build()));
	}

	@Test
	void verifyHintWhenAnAccessTokenThenRefused() {
		AccessTokens accessTokens = new AccessTokens(this.keys, this.properties, this.random, Clock.systemUTC());
		String accessToken = accessTokens.issue(UUID.randomUUID(), "alice", UUID.randomUUID()).block().value();
		assertRefused(accessToken);
	}

	@Test
	void verifyHintWhenNotAJwtThenRefused() {
		assertRefused("not-a-token");
	}

	private void assertRefused(String hint) {
		StepVerifier.create(this.idTokens.verifyHint(hint)).expectError(InvalidIdTokenHintException.class).verify();
	}

	private SigningKeyRepository mockRepository() {
		SigningKeyRepository repository = mock(SigningKeyRepository.class);
		given(repository.findUsable(any())).willReturn(Flux.just(stored(this.idTokenKey), stored(this.accessTokenKey)));
		return repository;
	}

	private static JWTClaimsSet.Builder claims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject(UUID.randomUUID().toString())
			.audience("some-client")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.claim("auth_time", now.getEpochSecond())
			.claim("nonce", "n-0S6_WzA2Mj")
			.claim("sid", UUID.randomUUID().toString());
	}

	private static String sign(JWK key, String kid, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
		jwt.sign(new RSASSASigner(key.toRSAKey()));
		return jwt.serialize();
	}

	private static StoredKey stored(JWK key) {
		return new StoredKey(key.getAlgorithm().getName(), true, key.toJSONString(), Instant.now());
	}

}
