package dev.authflux.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * What a registered redirect URI must be (RFC 6749 §3.1.2, RFC 9700 §2.1, §4.1.1):
 * absolute, without a fragment or user information, with no wildcard, matched exactly
 * later; {@code https}, or {@code http} on a loopback host only (RFC 8252 §7.3, for
 * development and native apps). Custom schemes of native apps are not supported yet.
 */
final class RedirectUris {

	static final int MAX_LENGTH = 2000;

	private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

	private RedirectUris() {
	}

	/** Why the URI cannot be registered, or null if it can. */
	static String problemWith(String uri) {
		if (uri == null || uri.isEmpty()) {
			return "must not be empty";
		}
		if (uri.length() > MAX_LENGTH) {
			return "must be at most " + MAX_LENGTH + " characters";
		}
		if (uri.indexOf('*') >= 0) {
			return "must not contain a wildcard";
		}
		URI parsed;
		try {
			parsed = new URI(uri);
		}
		catch (URISyntaxException ex) {
			return "is not a valid URI";
		}
		if (!parsed.isAbsolute() || parsed.isOpaque() || parsed.getHost() == null) {
			return "must be an absolute URI with a host";
		}
		if (parsed.getRawFragment() != null) {
			return "must not have a fragment";
		}
		if (parsed.getRawUserInfo() != null) {
			return "must not contain user information";
		}
		String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
		String host = parsed.getHost().toLowerCase(Locale.ROOT);
		if (scheme.equals("http") && !LOOPBACK_HOSTS.contains(host)) {
			return "must use https (http only on localhost, 127.0.0.1 or [::1])";
		}
		if (!scheme.equals("https") && !scheme.equals("http")) {
			return "must use https (http only on localhost, 127.0.0.1 or [::1])";
		}
		return null;
	}

}
