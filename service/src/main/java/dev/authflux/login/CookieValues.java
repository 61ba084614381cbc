package dev.authflux.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * The random values the login cookies carry: 256 bits, Base64url. Stored, where they are
 * stored, only as SHA-256: with that much entropy a fast hash is enough, as for refresh
 * tokens.
 */
@Component
class CookieValues {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	/** 32 bytes in Base64url without padding. */
	private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43}");

	private final SecureRandom random;

	CookieValues(SecureRandom random) {
		this.random = random;
	}

	String generate() {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		return BASE64URL.encodeToString(bytes);
	}

	/**
	 * Whether {@code value} could be one of ours; anything else is not even looked up.
	 */
	static boolean wellFormed(String value) {
		return value != null && WELL_FORMED.matcher(value).matches();
	}

	static byte[] hash(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	/** Equality that takes as long wherever the first difference is. */
	static boolean same(String a, String b) {
		return a != null && b != null
				&& MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
	}

}
