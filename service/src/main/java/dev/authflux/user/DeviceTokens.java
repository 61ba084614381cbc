package dev.authflux.user;

import java.security.SecureRandom;

import dev.authflux.system.OpaqueValues;

import org.springframework.stereotype.Component;

/**
 * Device tokens: random values handed to a client at a successful login, which it sends
 * back with later logins to be recognised as a client the account knows even from a new
 * network. Only their SHA-256 is stored, as the client's key.
 */
@Component
class DeviceTokens {

	private final SecureRandom random;

	DeviceTokens(SecureRandom random) {
		this.random = random;
	}

	String generate() {
		return OpaqueValues.random(this.random, 32);
	}

	/** The key a token is known by, or {@code null} for no token. */
	static String key(String token) {
		if (token == null) {
			return null;
		}
		return "device:" + OpaqueValues.base64url(OpaqueValues.sha256(token));
	}

}
