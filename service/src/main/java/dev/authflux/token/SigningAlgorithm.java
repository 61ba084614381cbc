package dev.authflux.token;

import java.security.SecureRandom;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.JWKGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * The asymmetric algorithms access tokens may be signed with (RFC 7518 §3.4, §3.3; RFC
 * 8037). Symmetric ({@code HS*}) and unsecured ({@code none}) tokens are never issued nor
 * accepted.
 *
 * <p>
 * ES256 is the default: short tokens, fast signing on current JDKs. RS256 verifies about
 * ten times faster but signs slower, the better trade for deployments whose resource
 * servers verify far more often than this service signs.
 */
public enum SigningAlgorithm {

	ES256(JWSAlgorithm.ES256) {
		@Override
		JWKGenerator<? extends JWK> generator() {
			return new ECKeyGenerator(Curve.P_256);
		}

		@Override
		JWSSigner signer(JWK key, SecureRandom random) throws JOSEException {
			ECDSASigner signer = new ECDSASigner(key.toECKey());
			signer.getJCAContext().setSecureRandom(random);
			return signer;
		}

		@Override
		JWSVerifier verifier(JWK key) throws JOSEException {
			return new ECDSAVerifier(key.toECKey());
		}
	},

	RS256(JWSAlgorithm.RS256) {
		@Override
		JWKGenerator<? extends JWK> generator() {
			return new RSAKeyGenerator(2048);
		}

		@Override
		JWSSigner signer(JWK key, SecureRandom random) throws JOSEException {
			// PKCS#1 v1.5 is deterministic, but without a SecureRandom nimbus
			// creates a new default one (a /dev/urandom read) for every signature.
			RSASSASigner signer = new RSASSASigner(key.toRSAKey());
			signer.getJCAContext().setSecureRandom(random);
			return signer;
		}

		@Override
		JWSVerifier verifier(JWK key) throws JOSEException {
			return new RSASSAVerifier(key.toRSAKey());
		}
	},

	EDDSA(JWSAlgorithm.EdDSA) {
		@Override
		JWKGenerator<? extends JWK> generator() {
			return new OctetKeyPairGenerator(Curve.Ed25519);
		}

		@Override
		JWSSigner signer(JWK key, SecureRandom random) throws JOSEException {
			return new Ed25519Signer(key.toOctetKeyPair());
		}

		@Override
		JWSVerifier verifier(JWK key) throws JOSEException {
			return new Ed25519Verifier(key.toOctetKeyPair());
		}
	};

	private final JWSAlgorithm jwsAlgorithm;

	SigningAlgorithm(JWSAlgorithm jwsAlgorithm) {
		this.jwsAlgorithm = jwsAlgorithm;
	}

	public JWSAlgorithm jwsAlgorithm() {
		return this.jwsAlgorithm;
	}

	abstract JWKGenerator<? extends JWK> generator();

	abstract JWSSigner signer(JWK key, SecureRandom random) throws JOSEException;

	/** A verifier for the public half of a key of this algorithm. */
	abstract JWSVerifier verifier(JWK key) throws JOSEException;

	/** A new key pair whose {@code kid} is its RFC 7638 thumbprint. */
	JWK generate() throws JOSEException {
		return generator().keyUse(KeyUse.SIGNATURE).algorithm(this.jwsAlgorithm).keyIDFromThumbprint(true).generate();
	}

	static SigningAlgorithm of(JWSAlgorithm algorithm) {
		for (SigningAlgorithm candidate : values()) {
			if (candidate.jwsAlgorithm.equals(algorithm)) {
				return candidate;
			}
		}
		throw new IllegalArgumentException("Unsupported signing algorithm " + algorithm);
	}

}
