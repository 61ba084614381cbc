package dev.authflux.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.stereotype.Component;

/**
 * Device tokens: random values handed to a client at a successful login, which it sends
 * back with later logins to be recognised as a client the account knows even from a new
 * network. Only their SHA-256 is stored, as the client's key.
 */
@Component
class DeviceTokens {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final SecureRandom random;

	DeviceTokens(SecureRandom random) {
		this.random = random;
	}

	String generate() {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		return BASE64URL.encodeToString(bytes);
	}

	/** The key a token is known by, or {@code null} for no token. */
	static String key(String token) {
		if (token == null) {
			return null;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return "device:" + BASE64URL.encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
