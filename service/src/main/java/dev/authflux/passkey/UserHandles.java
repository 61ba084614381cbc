package dev.authflux.passkey;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * The WebAuthn user handle of an account (§14.6.1: no personal information): the 16 bytes
 * of its user id, a random UUID that is already the {@code sub} of its tokens and is
 * never reused.
 */
final class UserHandles {

	private UserHandles() {
	}

	static byte[] of(UUID userId) {
		return ByteBuffer.allocate(16)
			.putLong(userId.getMostSignificantBits())
			.putLong(userId.getLeastSignificantBits())
			.array();
	}

}
