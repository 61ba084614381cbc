package dev.authflux.client;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Scope strings (RFC 6749 §3.3): scope tokens separated by single spaces, each one or
 * more of {@code %x21 / %x23-5B / %x5D-7E} (no space, quote or backslash).
 */
public final class Scopes {

	/** The OpenID Connect scopes every deployment supports. */
	public static final Set<String> OPENID_SCOPES = Set.of("openid", "profile", "email", "offline_access");

	/** The scope that asks for a refresh token (OpenID Connect Core 1.0 §11). */
	public static final String OFFLINE_ACCESS = "offline_access";

	public static final String EMAIL = "email";

	private Scopes() {
	}

	public static boolean isScopeToken(String token) {
		if (token == null || token.isEmpty() || token.length() > 128) {
			return false;
		}
		for (int i = 0; i < token.length(); i++) {
			char c = token.charAt(i);
			if (c < 0x21 || c == 0x22 || c == 0x5C || c > 0x7E) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The scope tokens of a scope string in their order, each once, or null if the string
	 * is not a well-formed scope: an empty token (two spaces in a row, a leading or
	 * trailing space) or a character outside the allowed set.
	 */
	public static Set<String> parse(String scope) {
		Set<String> tokens = new LinkedHashSet<>();
		if (scope.isEmpty()) {
			return tokens;
		}
		for (String token : scope.split(" ", -1)) {
			if (!isScopeToken(token)) {
				return null;
			}
			tokens.add(token);
		}
		return tokens;
	}

}
