package dev.authflux.login;

import java.time.Duration;
import java.util.Locale;

import dev.authflux.throttle.ThrottleProperties;
import dev.authflux.token.TokenProperties;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The cookies of the login pages, all {@code HttpOnly}, and {@code Secure} when the
 * issuer is https. There the session and CSRF cookies take the {@code __Host-} prefix,
 * which browsers accept only from a secure origin, with {@code Path=/} and without
 * {@code Domain}, so that no sibling subdomain can set or overwrite them.
 * <ul>
 * <li>session: the single-sign-on session, {@code SameSite=Lax} so that a top-level
 * navigation from a client's site to the authorization endpoint carries it;</li>
 * <li>CSRF: the value the forms must repeat, {@code SameSite=Strict};</li>
 * <li>device: the device token that lets the account recognise this browser as a known
 * client from any network (brute-force throttling), sent to {@code /login} only.</li>
 * </ul>
 */
@Component
class LoginCookies {

	private final boolean secure;

	private final String sessionName;

	private final String csrfName;

	private final String deviceName;

	private final Duration sessionLifetime;

	private final Duration deviceLifetime;

	LoginCookies(TokenProperties tokens, LoginProperties login, ThrottleProperties throttle) {
		this.secure = tokens.issuer().toLowerCase(Locale.ROOT).startsWith("https://");
		String prefix = this.secure ? "__Host-" : "";
		this.sessionName = prefix + "authflux_session";
		this.csrfName = prefix + "authflux_csrf";
		this.deviceName = (this.secure ? "__Secure-" : "") + "authflux_device";
		this.sessionLifetime = login.sessionLifetime();
		this.deviceLifetime = throttle.knownClientTtl();
	}

	String session(ServerRequest request) {
		return value(request, this.sessionName);
	}

	String csrf(ServerRequest request) {
		return value(request, this.csrfName);
	}

	String device(ServerRequest request) {
		return value(request, this.deviceName);
	}

	ResponseCookie session(String value) {
		return cookie(this.sessionName, value, "Lax", "/", this.sessionLifetime);
	}

	ResponseCookie sessionCleared() {
		return cookie(this.sessionName, "", "Lax", "/", Duration.ZERO);
	}

	ResponseCookie csrf(String value) {
		// A browser-session cookie (no Max-Age): a form is filled in soon after it is
		// shown.
		return cookie(this.csrfName, value, "Strict", "/", null);
	}

	ResponseCookie device(String value) {
		return cookie(this.deviceName, value, "Strict", LoginRoutes.LOGIN, this.deviceLifetime);
	}

	private ResponseCookie cookie(String name, String value, String sameSite, String path, Duration maxAge) {
		ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(name, value)
			.httpOnly(true)
			.secure(this.secure)
			.sameSite(sameSite)
			.path(path);
		if (maxAge != null) {
			cookie.maxAge(maxAge);
		}
		return cookie.build();
	}

	private static String value(ServerRequest request, String name) {
		HttpCookie cookie = request.cookies().getFirst(name);
		return (cookie != null && !cookie.getValue().isEmpty()) ? cookie.getValue() : null;
	}

}
