package dev.authflux.token;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTProcessor;

/**
 * The keys of one moment: the active key that signs, every usable key that verifies, and the
 * JWKS document of their public halves, serialized once rather than per request.
 */
final class KeySet {

	/** RFC 9068 §2.1: marks our access tokens, so no other kind of JWT passes as one. */
	static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

	static final Set<String> REQUIRED_CLAIMS = Set.of("sub", "sid", "iat", "exp", "jti");

	private final JWSSigner signer;

	private final JWSHeader header;

	private final JWTProcessor<SecurityContext> processor;

	private final byte[] jwksJson;

	private KeySet(JWSSigner signer, JWSHeader header, JWTProcessor<SecurityContext> processor, byte[] jwksJson) {
		this.signer = signer;
		this.header = header;
		this.processor = processor;
		this.jwksJson = jwksJson;
	}

	/**
	 * @param storedKeys usable keys, newest first; the active one of the configured algorithm signs
	 */
	static KeySet of(List<StoredKey> storedKeys, TokenProperties properties, SecureRandom random)
			throws JOSEException {
		JWSAlgorithm algorithm = properties.algorithm().jwsAlgorithm();
		JWK active = storedKeys.stream()
			.filter((key) -> key.active() && key.algorithm().equals(algorithm.getName()))
			.findFirst()
			.map((key) -> parse(key.privateJwk()))
			.orElseThrow(() -> new IllegalStateException("No active signing key for " + algorithm));
		List<JWK> keys = storedKeys.stream().map((key) -> parse(key.privateJwk())).toList();
		JWSHeader header = new JWSHeader.Builder(algorithm).keyID(active.getKeyID()).type(ACCESS_TOKEN_TYPE).build();
		JWKSet publicKeys = new JWKSet(keys.stream().map(JWK::toPublicJWK).toList());
		return new KeySet(properties.algorithm().signer(active, random), header,
				processor(publicKeys, properties), publicKeys.toString(true).getBytes(StandardCharsets.UTF_8));
	}

	private static JWTProcessor<SecurityContext> processor(JWKSet publicKeys, TokenProperties properties) {
		Set<JWSAlgorithm> algorithms = publicKeys.getKeys()
			.stream()
			.map((key) -> JWSAlgorithm.parse(key.getAlgorithm().getName()))
			.collect(Collectors.toUnmodifiableSet());
		ConfigurableJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(ACCESS_TOKEN_TYPE));
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, new ImmutableJWKSet<>(publicKeys)));
		DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null,
				new JWTClaimsSet.Builder().issuer(properties.issuer()).build(), REQUIRED_CLAIMS);
		claims.setMaxClockSkew((int) properties.clockSkew().toSeconds());
		processor.setJWTClaimsSetVerifier(claims);
		return processor;
	}

	private static JWK parse(String json) {
		try {
			return JWK.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("A stored signing key could not be parsed", ex);
		}
	}

	JWSSigner signer() {
		return this.signer;
	}

	JWSHeader header() {
		return this.header;
	}

	JWTProcessor<SecurityContext> processor() {
		return this.processor;
	}

	byte[] jwksJson() {
		return this.jwksJson;
	}

}
