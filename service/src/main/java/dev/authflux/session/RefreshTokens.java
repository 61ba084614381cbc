package dev.authflux.session;

import java.security.SecureRandom;

import dev.authflux.system.OpaqueValues;

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
		return OpaqueValues.random(this.random, TOKEN_BYTES);
	}

	static byte[] hash(String token) {
		return OpaqueValues.sha256(token);
	}

}
