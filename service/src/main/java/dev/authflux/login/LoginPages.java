package dev.authflux.login;

import org.springframework.http.HttpHeaders;

/**
 * The login pages' rendering for other features' browser-facing errors (the authorization
 * endpoint's page for an unknown client or redirect URI): the same escaped HTML and the
 * same security headers.
 */
public final class LoginPages {

	/** The login page, to which a request that needs a sign-in is sent. */
	public static final String LOGIN = LoginRoutes.LOGIN;

	/** Its parameter: where to go back to after signing in. */
	public static final String RETURN_TO = LoginHandler.RETURN_TO;

	/** Its parameter: the username to fill in. */
	public static final String LOGIN_HINT = LoginHandler.LOGIN_HINT;

	/** OpenID Connect RP-Initiated Logout's end-session endpoint. */
	public static final String END_SESSION = LoginRoutes.END_SESSION;

	private LoginPages() {
	}

	/** An error page: its title and what happened, both escaped. */
	public static String error(String title, String message) {
		return Pages.error(title, message);
	}

	/**
	 * The page that sends the browser on to {@code url} by a new navigation, not by a
	 * redirect of a form's post (see {@link Pages#CONTENT_SECURITY_POLICY}).
	 */
	public static String continueTo(String url) {
		return Pages.continueTo(url);
	}

	/** The consent page, its form carrying {@code csrf}. */
	public static String consent(ConsentForm form, String csrf) {
		return Pages.consent(form, csrf);
	}

	/** The headers every HTML response of the login pages carries. */
	public static void addHeaders(HttpHeaders headers) {
		Pages.addHeaders(headers);
	}

}
