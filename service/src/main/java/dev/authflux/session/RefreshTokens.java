package dev.authflux.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.stereotype.Component;

/**
 * Opaque refresh tokens: 256 random bits, Base64url. Only their SHA-256 hash is stored,
 * so a copy of the database does not hold usable tokens. A fast hash is enough here
 * (unlike for passwords): the input has full entropy, so there is nothing to guess.
 */
@Component
class RefreshTokens {

	private static final int TOKEN_BYTES = 32;

	private final SecureRandom random;

	RefreshTokens(SecureRandom random) {
		this.random = random;
	}

	String generate() {
		byte[] bytes = new byte[TOKEN_BYTES];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static byte[] hash(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
