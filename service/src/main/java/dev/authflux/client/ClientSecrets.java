package dev.authflux.client;

import java.security.MessageDigest;
import java.security.SecureRandom;

import dev.authflux.system.OpaqueValues;

import org.springframework.stereotype.Component;

/**
 * Client ids and secrets. A secret is 256 bits from the service's DRBG, base64url; only
 * its SHA-256 is stored. A fast hash is enough for a value of that entropy (nothing is
 * left to guess offline), and keeps the client credentials grant as cheap as verifying a
 * signature. Comparison is of the digests, in constant time.
 */
@Component
class ClientSecrets {

	private final SecureRandom random;

	ClientSecrets(SecureRandom random) {
		this.random = random;
	}

	/** 128 random bits, base64url: 22 characters of {@code [A-Za-z0-9_-]}. */
	String newClientId() {
		return OpaqueValues.random(this.random, 16);
	}

	/** 256 random bits, base64url: 43 characters. */
	String newSecret() {
		return OpaqueValues.random(this.random, 32);
	}

	static byte[] hash(String secret) {
		return OpaqueValues.sha256(secret);
	}

	/** Whether the presented secret is the one whose digest is stored. */
	static boolean matches(String presented, byte[] storedHash) {
		return storedHash != null && MessageDigest.isEqual(hash(presented), storedHash);
	}

}
