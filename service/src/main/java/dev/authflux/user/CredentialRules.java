package dev.authflux.user;

import java.text.Normalizer;

/**
 * The rules for usernames and passwords, named once for every request that carries them.
 * What a new password must be beyond its length is {@link PasswordPolicy}'s.
 */
public final class CredentialRules {

	/**
	 * 3–64 characters of {@code [A-Za-z0-9._-]}; the same rule is a CHECK in the users
	 * table.
	 */
	public static final String USERNAME_PATTERN = "[A-Za-z0-9._-]{3,64}";

	public static final String USERNAME_MESSAGE = "must be 3 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'";

	public static final int PASSWORD_MIN = 8;

	public static final int PASSWORD_MAX = 256;

	public static final String PASSWORD_MESSAGE = "must be 8 to 256 characters";

	public static final String REQUIRED = "is required";

	private CredentialRules() {
	}

	/**
	 * The form a password is checked, hashed and verified in: Unicode NFKC, so that the
	 * same password typed on another keyboard or input method (a composed or decomposed
	 * {@code é}, full-width letters) is the same password (NIST SP 800-63B §5.1.1.2).
	 */
	public static String normalizedPassword(String password) {
		return Normalizer.normalize(password, Normalizer.Form.NFKC);
	}

	/**
	 * Whether a new password has 8 to 256 characters, counted as code points of its
	 * normalized form: the characters that are hashed.
	 */
	static boolean hasAllowedLength(String password) {
		String normalized = normalizedPassword(password);
		int length = normalized.codePointCount(0, normalized.length());
		return length >= PASSWORD_MIN && length <= PASSWORD_MAX;
	}

}
