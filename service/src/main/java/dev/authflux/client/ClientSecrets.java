package dev.authflux.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.stereotype.Component;

/**
 * Client ids and secrets. A secret is 256 bits from the service's DRBG, base64url; only
 * its SHA-256 is stored. A fast hash is enough for a value of that entropy (nothing is
 * left to guess offline), and keeps the client credentials grant as cheap as verifying a
 * signature. Comparison is of the digests, in constant time.
 */
@Component
class ClientSecrets {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final SecureRandom random;

	ClientSecrets(SecureRandom random) {
		this.random = random;
	}

	/** 128 random bits, base64url: 22 characters of {@code [A-Za-z0-9_-]}. */
	String newClientId() {
		return BASE64URL.encodeToString(bytes(16));
	}

	/** 256 random bits, base64url: 43 characters. */
	String newSecret() {
		return BASE64URL.encodeToString(bytes(32));
	}

	static byte[] hash(String secret) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Whether the presented secret is the one whose digest is stored. */
	static boolean matches(String presented, byte[] storedHash) {
		return storedHash != null && MessageDigest.isEqual(hash(presented), storedHash);
	}

	private byte[] bytes(int count) {
		byte[] bytes = new byte[count];
		this.random.nextBytes(bytes);
		return bytes;
	}

}
