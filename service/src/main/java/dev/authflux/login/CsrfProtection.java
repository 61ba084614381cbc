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
 * read neither the cookie nor our pages, so it cannot know the value. A post that the
 * browser marks as coming from elsewhere ({@code Origin}, {@code Sec-Fetch-Site}) is
 * refused as well, whatever it carries.
 */
@Component
class CsrfProtection {

	/** The form field that repeats the cookie. */
	static final String FIELD = "_csrf";

	private static final String SEC_FETCH_SITE = "Sec-Fetch-Site";

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
	 * Whether the browser says the post comes from this origin. {@code Sec-Fetch-Site},
	 * which no page can set, must be {@code same-origin} when sent. {@code Origin}, when
	 * sent, must be the issuer's origin or the one the request was addressed to
	 * ({@code Host}: a browser writes it, no page can); {@code Origin: null} is accepted
	 * only with {@code Sec-Fetch-Site: same-origin}, because under the pages'
	 * {@code Referrer-Policy: no-referrer} browsers send {@code null} for their own
	 * forms. Neither header (older browsers, plain HTTP clients) leaves the token to
	 * decide.
	 */
	private boolean sameOrigin(ServerRequest request) {
		String fetchSite = request.headers().firstHeader(SEC_FETCH_SITE);
		if (fetchSite != null && !fetchSite.equals("same-origin")) {
			return false;
		}
		String origin = request.headers().firstHeader(HttpHeaders.ORIGIN);
		if (origin == null) {
			return true;
		}
		if (origin.equals("null")) {
			return fetchSite != null;
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
