package dev.authflux.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random values handed out as bearer secrets (refresh tokens, codes, cookies, client
 * secrets) and the SHA-256 they are stored and compared as. With this much entropy a fast
 * hash is enough: nothing is left to guess that a slow one would protect.
 */
public final class OpaqueValues {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private OpaqueValues() {
	}

	/** {@code bytes} random bytes in Base64url without padding. */
	public static String random(SecureRandom random, int bytes) {
		byte[] value = new byte[bytes];
		random.nextBytes(value);
		return BASE64URL.encodeToString(value);
	}

	/** The SHA-256 of the value's UTF-8 bytes. */
	public static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	/** Base64url without padding, as the values themselves are written. */
	public static String base64url(byte[] bytes) {
		return BASE64URL.encodeToString(bytes);
	}

}
