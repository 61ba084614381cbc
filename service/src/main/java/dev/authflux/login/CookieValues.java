package dev.authflux.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.regex.Pattern;

import dev.authflux.system.OpaqueValues;

import org.springframework.stereotype.Component;

/**
 * The random values the login cookies carry: 256 bits, Base64url. Stored, where they are
 * stored, only as SHA-256: with that much entropy a fast hash is enough, as for refresh
 * tokens.
 */
@Component
class CookieValues {

	/** 32 bytes in Base64url without padding. */
	private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43}");

	private final SecureRandom random;

	CookieValues(SecureRandom random) {
		this.random = random;
	}

	String generate() {
		return OpaqueValues.random(this.random, 32);
	}

	/**
	 * Whether {@code value} could be one of ours; anything else is not even looked up.
	 */
	static boolean wellFormed(String value) {
		return value != null && WELL_FORMED.matcher(value).matches();
	}

	static byte[] hash(String value) {
		return OpaqueValues.sha256(value);
	}

	/** Equality that takes as long wherever the first difference is. */
	static boolean same(String a, String b) {
		return a != null && b != null
				&& MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
	}

}
