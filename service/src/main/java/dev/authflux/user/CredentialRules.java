package dev.authflux.user;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.authflux.web.ValidationFailedException;

/**
 * The rules for usernames and passwords, named once for every request that carries them.
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

	private static final Pattern USERNAME = Pattern.compile(USERNAME_PATTERN);

	private CredentialRules() {
	}

	/** Whether a name follows the rules, so that an account of that name may exist. */
	static boolean couldBeUsername(String name) {
		return USERNAME.matcher(name).matches();
	}

	/**
	 * A password equal to the username (in any case) is the first one an attacker tries.
	 */
	static void requirePasswordDiffersFromUsername(String field, String password, String username) {
		if (password.toLowerCase(Locale.ROOT).equals(username.toLowerCase(Locale.ROOT))) {
			throw ValidationFailedException.of(field, "must not be the same as the username");
		}
	}

}
