package dev.authflux.token;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;

/**
 * The keys of one moment: the active key that signs access tokens, the one that signs ID
 * tokens (the same key when both algorithms are equal), every usable key that verifies,
 * and the JWKS document of their public halves, serialized once rather than per request.
 *
 * <p>
 * Verification is explicit rather than through nimbus' generic
 * {@code DefaultJWTProcessor}: the {@code kid} picks one of our keys, and the header's
 * {@code alg} must be that key's algorithm, so no token can choose how it is checked
 * ({@code none}, {@code HS256} keyed with a public key). It also keeps one verifier per
 * key instead of building one per call, and covers EdDSA, which nimbus' default verifier
 * factory does not.
 */
final class KeySet {

	/** {@code sid} only in a session's token: a client's token has none. */
	static final Set<String> REQUIRED_CLAIMS = Set.of("sub", "iat", "exp", "jti");

	private final JWSSigner signer;

	private final JWSHeader header;

	private final Map<String, VerificationKey> verificationKeys;

	private final DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier;

	private final byte[] jwksJson;

	private final Instant activeSince;

	private final ActiveKey idTokenKey;

	private KeySet(JWSSigner signer, JWSHeader header, Map<String, VerificationKey> verificationKeys,
			DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier, byte[] jwksJson, Instant activeSince,
			ActiveKey idTokenKey) {
		this.signer = signer;
		this.header = header;
		this.verificationKeys = verificationKeys;
		this.claimsVerifier = claimsVerifier;
		this.jwksJson = jwksJson;
		this.activeSince = activeSince;
		this.idTokenKey = idTokenKey;
	}

	/**
	 * @param storedKeys usable keys, newest first; the active one of each configured
	 * algorithm signs
	 */
	static KeySet of(List<StoredKey> storedKeys, TokenProperties properties, SecureRandom random) throws JOSEException {
		JWSAlgorithm algorithm = properties.algorithm().jwsAlgorithm();
		StoredKey activeKey = activeKey(storedKeys, algorithm);
		JWK active = parse(activeKey.privateJwk());
		List<JWK> keys = storedKeys.stream().map((key) -> parse(key.privateJwk())).toList();
		JWSHeader header = new JWSHeader.Builder(algorithm).keyID(active.getKeyID())
			.type(properties.type().joseType())
			.build();
		JWKSet publicKeys = new JWKSet(keys.stream().map(JWK::toPublicJWK).toList());
		Map<String, VerificationKey> verificationKeys = publicKeys.getKeys()
			.stream()
			.map(VerificationKey::of)
			.collect(Collectors.toUnmodifiableMap(VerificationKey::kid, Function.identity(), (first, second) -> first));
		JWSSigner signer = properties.algorithm().signer(active, random);
		return new KeySet(signer, header, verificationKeys, claimsVerifier(properties),
				publicKeys.toString(true).getBytes(StandardCharsets.UTF_8), activeKey.createdAt(),
				idTokenKey(storedKeys, properties, random, signer));
	}

	private static StoredKey activeKey(List<StoredKey> storedKeys, JWSAlgorithm algorithm) {
		return storedKeys.stream()
			.filter((key) -> key.active() && key.algorithm().equals(algorithm.getName()))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No active signing key for " + algorithm));
	}

	/**
	 * Typed {@code JWT}, as OpenID Connect clients expect (Spring Security's accept that
	 * or no {@code typ}).
	 */
	private static ActiveKey idTokenKey(List<StoredKey> storedKeys, TokenProperties properties, SecureRandom random,
			JWSSigner accessTokenSigner) throws JOSEException {
		SigningAlgorithm algorithm = properties.idTokenAlgorithm();
		StoredKey stored = activeKey(storedKeys, algorithm.jwsAlgorithm());
		JWK key = parse(stored.privateJwk());
		JWSSigner signer = (algorithm == properties.algorithm()) ? accessTokenSigner : algorithm.signer(key, random);
		JWSHeader header = new JWSHeader.Builder(algorithm.jwsAlgorithm()).keyID(key.getKeyID())
			.type(JOSEObjectType.JWT)
			.build();
		return new ActiveKey(signer, header, stored.createdAt());
	}

	private static DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier(TokenProperties properties) {
		DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null,
				new JWTClaimsSet.Builder().issuer(properties.issuer()).build(), REQUIRED_CLAIMS);
		claims.setMaxClockSkew((int) properties.clockSkew().toSeconds());
		return claims;
	}

	private static JWK parse(String json) {
		try {
			return JWK.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("A stored signing key could not be parsed", ex);
		}
	}

	/** Whether a key of this id may have signed a token we accept. */
	boolean knows(String kid) {
		return kid != null && this.verificationKeys.containsKey(kid);
	}

	/**
	 * The claims of a token signed by one of these keys, with a valid {@code iss},
	 * {@code exp} and the required claims.
	 * @throws BadJOSEException if any check fails
	 * @throws JOSEException if the signature could not be checked at all
	 * @throws ParseException if the claims are not a JSON object
	 */
	JWTClaimsSet verify(SignedJWT jwt) throws BadJOSEException, JOSEException, ParseException {
		JWSHeader presented = jwt.getHeader();
		if (!AccessTokenType.isAccessToken(presented.getType())) {
			throw new BadJOSEException("Not an access token");
		}
		JWTClaimsSet claims = verifySignature(jwt);
		this.claimsVerifier.verify(claims, null);
		return claims;
	}

	/**
	 * The claims of a token signed by one of these keys with that key's own algorithm;
	 * the claims themselves are not checked.
	 * @throws BadJOSEException if the key is unknown, the algorithm not the key's, or the
	 * signature bad
	 * @throws JOSEException if the signature could not be checked at all
	 * @throws ParseException if the claims are not a JSON object
	 */
	JWTClaimsSet verifySignature(SignedJWT jwt) throws BadJOSEException, JOSEException, ParseException {
		JWSHeader presented = jwt.getHeader();
		VerificationKey key = (presented.getKeyID() != null) ? this.verificationKeys.get(presented.getKeyID()) : null;
		if (key == null || !key.algorithm().equals(presented.getAlgorithm())) {
			throw new BadJOSEException("Unknown key or algorithm");
		}
		if (!jwt.verify(key.verifier())) {
			throw new BadJOSEException("Bad signature");
		}
		return jwt.getJWTClaimsSet();
	}

	/** The id of the key that signs. */
	String activeKid() {
		return this.header.getKeyID();
	}

	/** When the key that signs was created, by the database's clock. */
	Instant activeSince() {
		return this.activeSince;
	}

	JWSSigner signer() {
		return this.signer;
	}

	JWSHeader header() {
		return this.header;
	}

	byte[] jwksJson() {
		return this.jwksJson;
	}

	/** The key that signs ID tokens. */
	ActiveKey idTokenKey() {
		return this.idTokenKey;
	}

	/**
	 * The active key of one family.
	 *
	 * @param signer signs with its private half
	 * @param header the header of the tokens it signs, {@code kid} included
	 * @param since when it was created, by the database's clock
	 */
	record ActiveKey(JWSSigner signer, JWSHeader header, Instant since) {

		String kid() {
			return this.header.getKeyID();
		}

	}

}
