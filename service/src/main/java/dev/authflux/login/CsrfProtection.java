package dev.authflux.login;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import dev.authflux.token.TokenProperties;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Cross-site request forgery protection of the login pages' forms (double submit): each
 * form carries, in a hidden field, the random value of the browser's
 * {@code HttpOnly; SameSite=Strict} CSRF cookie, and a post is accepted only if the two
 * are equal (compared in constant time). Another site can make a browser post, but can
 * read neither the cookie nor our pages, so it cannot know the value. A post whose
 * {@code Origin} header names another origin is refused as well, whatever it carries.
 */
@Component
class CsrfProtection {

	/** The form field that repeats the cookie. */
	static final String FIELD = "_csrf";

	private final LoginCookies cookies;

	private final CookieValues values;

	private final String issuerOrigin;

	CsrfProtection(LoginCookies cookies, CookieValues values, TokenProperties tokens) {
		this.cookies = cookies;
		this.values = values;
		URI issuer = URI.create(tokens.issuer());
		this.issuerOrigin = origin(issuer.getScheme(), issuer.getHost(), issuer.getPort());
	}

	/**
	 * The value a form shown now is to carry: the browser's, if it has one, so that
	 * several open pages stay valid, else a new one (then the response sets the cookie).
	 */
	String tokenFor(ServerRequest request) {
		String current = this.cookies.csrf(request);
		return CookieValues.wellFormed(current) ? current : this.values.generate();
	}

	/** Whether a posted form comes from one of our pages. */
	boolean accepts(ServerRequest request, MultiValueMap<String, String> form) {
		if (!sameOrigin(request)) {
			return false;
		}
		String cookie = this.cookies.csrf(request);
		List<String> fields = form.get(FIELD);
		return CookieValues.wellFormed(cookie) && fields != null && fields.size() == 1
				&& CookieValues.same(cookie, fields.get(0));
	}

	/**
	 * No {@code Origin} (older browsers send none on same-origin posts), or the issuer's
	 * origin, or the origin the request itself was addressed to ({@code Host}: a browser
	 * writes it, no page can). {@code Origin: null} (a sandboxed or privacy-sensitive
	 * context) is refused.
	 */
	private boolean sameOrigin(ServerRequest request) {
		String origin = request.headers().firstHeader(HttpHeaders.ORIGIN);
		if (origin == null) {
			return true;
		}
		URI parsed;
		try {
			parsed = new URI(origin);
		}
		catch (URISyntaxException ex) {
			return false;
		}
		if (parsed.getScheme() == null || parsed.getHost() == null) {
			return false;
		}
		String presented = origin(parsed.getScheme(), parsed.getHost(), parsed.getPort());
		if (presented.equals(this.issuerOrigin)) {
			return true;
		}
		String host = request.headers().firstHeader(HttpHeaders.HOST);
		return host != null && authority(presented).equals(withoutDefaultPort(host.toLowerCase(Locale.ROOT)));
	}

	private static String origin(String scheme, String host, int port) {
		String lowerScheme = scheme.toLowerCase(Locale.ROOT);
		boolean defaultPort = port == -1 || (lowerScheme.equals("http") && port == 80)
				|| (lowerScheme.equals("https") && port == 443);
		return lowerScheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
	}

	private static String authority(String origin) {
		return origin.substring(origin.indexOf("://") + 3);
	}

	private static String withoutDefaultPort(String host) {
		if (host.endsWith(":80")) {
			return host.substring(0, host.length() - 3);
		}
		if (host.endsWith(":443")) {
			return host.substring(0, host.length() - 4);
		}
		return host;
	}

}
