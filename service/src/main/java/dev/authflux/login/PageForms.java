package dev.authflux.login;

import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The login pages' CSRF protection ({@link CsrfProtection}) for other features' forms in
 * the same style (the consent page): the token a form carries, the cookie that holds it,
 * and the check of a post.
 */
@Component
public class PageForms {

	/** The hidden field that carries the token. */
	public static final String CSRF_FIELD = CsrfProtection.FIELD;

	private final CsrfProtection csrf;

	private final LoginCookies cookies;

	PageForms(CsrfProtection csrf, LoginCookies cookies) {
		this.csrf = csrf;
		this.cookies = cookies;
	}

	/** The token a form shown now is to carry. */
	public String csrfToken(ServerRequest request) {
		return this.csrf.tokenFor(request);
	}

	/** The cookie that goes with a page showing a form with {@code token}. */
	public ResponseCookie csrfCookie(String token) {
		return this.cookies.csrf(token);
	}

	/** Whether a posted form comes from one of our pages. */
	public boolean accepts(ServerRequest request, MultiValueMap<String, String> form) {
		return this.csrf.accepts(request, form);
	}

}
