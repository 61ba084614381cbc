package dev.authflux.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;

/**
 * A public key that our tokens may be signed with, by its {@code kid}, with the one
 * algorithm it verifies and a verifier built once.
 *
 * @param kid the key id tokens name in their header
 * @param algorithm the only {@code alg} accepted with this key
 * @param verifier checks signatures made with the key's private half
 */
record VerificationKey(String kid, JWSAlgorithm algorithm, JWSVerifier verifier) {

	static VerificationKey of(JWK publicKey) {
		SigningAlgorithm algorithm = SigningAlgorithm.of(JWSAlgorithm.parse(publicKey.getAlgorithm().getName()));
		try {
			return new VerificationKey(publicKey.getKeyID(), algorithm.jwsAlgorithm(), algorithm.verifier(publicKey));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("A stored signing key cannot verify", ex);
		}
	}

}
