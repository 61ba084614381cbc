package dev.authflux.login;

import java.util.regex.Pattern;

/**
 * Where a successful sign-in may send the browser: only back to the authorization
 * endpoint of this service, as a path with an optional query. Anything else (an absolute
 * URL, {@code //host}, a backslash, another path, an encoded slash, a fragment, control
 * or non-ASCII characters) is refused and the browser lands on the default page, so the
 * login page can never be made to redirect to another site.
 */
final class ReturnTo {

	/** The path a sign-in may return to; the authorization endpoint's. */
	static final String AUTHORIZE = "/oauth2/authorize";

	/**
	 * The path exactly, then optionally a query of RFC 3986 query characters and
	 * well-formed percent escapes (so parameters keep their encoding).
	 */
	private static final Pattern ALLOWED = Pattern
		.compile(Pattern.quote(AUTHORIZE) + "(\\?([A-Za-z0-9\\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*+)?");

	/** Longest accepted; an authorization request is far shorter. */
	private static final int MAX_LENGTH = 4096;

	private ReturnTo() {
	}

	/** {@code returnTo} if a sign-in may redirect there, else {@code null}. */
	static String allowed(String returnTo) {
		if (returnTo == null || returnTo.length() > MAX_LENGTH || !ALLOWED.matcher(returnTo).matches()) {
			return null;
		}
		return returnTo;
	}

}
