package dev.authflux.mfa;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.authflux.system.OpaqueValues;

/**
 * Recovery codes: ten per enrollment, each twelve Base32 characters (60 random bits)
 * written {@code xxxx-xxxx-xxxx} in lower case, typed back in any case, with or without
 * the dashes. Stored as the SHA-256 of the user id and the code: with 60 bits a fast hash
 * leaves nothing practical to guess, and the user id keeps one guess from testing every
 * account's codes at once.
 */
final class RecoveryCodes {

	static final int COUNT = 10;

	private static final int LENGTH = 12;

	private RecoveryCodes() {
	}

	static List<String> generate(SecureRandom random) {
		List<String> codes = new ArrayList<>(COUNT);
		for (int i = 0; i < COUNT; i++) {
			StringBuilder code = new StringBuilder();
			for (int c = 0; c < LENGTH; c++) {
				if (c > 0 && c % 4 == 0) {
					code.append('-');
				}
				code.append(Base32.ALPHABET.charAt(random.nextInt(32)));
			}
			codes.add(code.toString().toLowerCase(Locale.ROOT));
		}
		return List.copyOf(codes);
	}

	/** The code as stored: lower case, without dashes and spaces. */
	static String normalize(String code) {
		return code.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
	}

	static byte[] hash(UUID userId, String code) {
		return OpaqueValues.sha256(userId + ":" + normalize(code));
	}

}
