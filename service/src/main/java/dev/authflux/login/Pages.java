package dev.authflux.login;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.authflux.system.OpaqueValues;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.web.util.HtmlUtils;

/**
 * The HTML of the login pages, rendered in plain Java: a handful of small, fixed pages do
 * not need a template engine, and strings built in memory never touch a file on an event
 * loop. Every value from a request or the database goes through
 * {@link HtmlUtils#htmlEscape}; everything else is a constant. The pages work without
 * JavaScript and load nothing: their one style sheet is inline, allowed by its hash in
 * the Content-Security-Policy.
 */
final class Pages {

	private static final String STYLE = """
			body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d1f23;line-height:1.4}\
			main{max-width:22rem;margin:3rem auto;padding:2rem;background:#fff;border:1px solid #c9ced6;border-radius:8px}\
			h1{font-size:1.4rem;margin:0 0 1rem}\
			label{display:block;font-weight:600;margin:1rem 0 .3rem}\
			input{box-sizing:border-box;width:100%;padding:.55rem;font-size:1rem;border:1px solid #6b7280;border-radius:4px}\
			input:focus,button:focus,a:focus{outline:3px solid #1f4fa8;outline-offset:2px}\
			button{margin-top:1.5rem;width:100%;padding:.65rem;font-size:1rem;border:0;border-radius:4px;\
			background:#1f4fa8;color:#fff;cursor:pointer}\
			.message{margin:0 0 1rem;padding:.7rem;border-radius:4px;background:#fdecea;border:1px solid #b42318;\
			color:#7a1a12}\
			a{color:#1f4fa8}\
			ul{padding-left:1.2rem}li{margin:.3rem 0}\
			button.secondary{margin-top:.6rem;background:#fff;color:#1f4fa8;border:1px solid #1f4fa8}""";

	/**
	 * {@code default-src 'none'}: nothing loads but the inline style sheet; forms post
	 * only here; no site may frame the pages (clickjacking); no {@code <base>}.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + sha256(STYLE)
			+ "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

	/**
	 * The policy of the two sign-in pages, whose passkey buttons need a script: only the
	 * service's own script file runs (no inline script, no {@code eval}), and it may
	 * fetch only from this origin; everything else stays as strict.
	 */
	static final String SCRIPTED_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("default-src 'none';",
			"default-src 'none'; script-src 'self'; connect-src 'self';");

	private static final String SCRIPT = "<script src=\"" + LoginRoutes.PASSKEY_SCRIPT + "\" defer></script>\n";

	private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

	private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]");

	static {
		// HtmlUtils reads its entity table from the classpath when first used: here, when
		// a bean's constructor calls prepare() at start-up, not later on an event loop.
		HtmlUtils.htmlEscape("<");
	}

	private Pages() {
	}

	/** Loads this class and what it renders with, so that no first request does. */
	static void prepare() {
	}

	/** The headers every HTML response of these pages carries. */
	static void addHeaders(HttpHeaders headers) {
		headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		headers.set("X-Frame-Options", "DENY");
		headers.set("Referrer-Policy", "no-referrer");
		headers.setCacheControl(CacheControl.noStore());
	}

	/**
	 * As {@link #addHeaders(HttpHeaders)}, for the sign-in pages, which load the passkey
	 * script.
	 */
	static void addScriptedHeaders(HttpHeaders headers) {
		addHeaders(headers);
		headers.set("Content-Security-Policy", SCRIPTED_CONTENT_SECURITY_POLICY);
	}

	/**
	 * As {@link #addHeaders(HttpHeaders)}, for a page whose form ends in a redirect to
	 * {@code target} (a registered URI, or null): Chromium checks {@code form-action}
	 * against the redirects after a post too, so the target's origin is allowed there.
	 */
	static void addHeaders(HttpHeaders headers, String target) {
		addHeaders(headers);
		String source = formTarget(target);
		if (source != null) {
			headers.set("Content-Security-Policy",
					CONTENT_SECURITY_POLICY.replace("form-action 'self'", "form-action 'self' " + source));
		}
	}

	/**
	 * The CSP source of a URI: its origin for http(s), its scheme for others (an app's
	 * custom scheme); null for anything that would not be one clean source expression.
	 */
	static String formTarget(String target) {
		if (target == null) {
			return null;
		}
		URI uri;
		try {
			uri = new URI(target);
		}
		catch (URISyntaxException ex) {
			return null;
		}
		String scheme = uri.getScheme();
		if (scheme == null || !SCHEME.matcher(scheme).matches()) {
			return null;
		}
		String lower = scheme.toLowerCase(Locale.ROOT);
		if (!lower.equals("http") && !lower.equals("https")) {
			return lower + ":";
		}
		String host = uri.getHost();
		if (host == null || !HOST.matcher(host).matches()) {
			return null;
		}
		return lower + "://" + host + ((uri.getPort() != -1) ? ":" + uri.getPort() : "");
	}

	/**
	 * The sign-in form. {@code message}, if not null, is shown above it and announced to
	 * screen readers; the inputs point to it.
	 */
	static String login(String csrf, String username, String returnTo, String message) {
		String describedBy = (message != null) ? " aria-describedby=\"login-message\" aria-invalid=\"true\"" : "";
		StringBuilder body = new StringBuilder();
		body.append("<h1>Sign in</h1>\n");
		if (message != null) {
			body.append("<p class=\"message\" id=\"login-message\" role=\"alert\">")
				.append(escape(message))
				.append("</p>\n");
		}
		body.append("<form method=\"post\" action=\"").append(LoginRoutes.LOGIN).append("\">\n");
		body.append(hidden(CsrfProtection.FIELD, csrf));
		if (returnTo != null) {
			body.append(hidden(LoginHandler.RETURN_TO, returnTo));
		}
		body.append("<label for=\"username\">Username</label>\n")
			.append("<input id=\"username\" name=\"username\" type=\"text\" autocomplete=\"username\"")
			.append(" autocapitalize=\"none\" spellcheck=\"false\" required maxlength=\"64\"")
			.append(describedBy)
			.append(" value=\"")
			.append(escape((username != null) ? username : ""))
			.append("\"")
			.append((username == null || username.isEmpty()) ? " autofocus" : "")
			.append(">\n")
			.append("<label for=\"password\">Password</label>\n")
			.append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\"")
			.append(" required")
			.append(describedBy)
			.append((username != null && !username.isEmpty()) ? " autofocus" : "")
			.append(">\n")
			.append("<button type=\"submit\">Sign in</button>\n</form>\n");
		body.append(passkeyForm(LoginRoutes.LOGIN_PASSKEY, LoginRoutes.LOGIN_PASSKEY_OPTIONS, csrf, null, returnTo,
				"Sign in with a passkey"));
		return page("Sign in", SCRIPT, body.toString());
	}

	/**
	 * The second step of signing in to an account with TOTP: one field for a code of the
	 * authenticator app or a recovery code, the first step's token carried hidden.
	 */
	static String secondFactor(String csrf, String mfaToken, String returnTo, String message, boolean passkey) {
		String describedBy = (message != null) ? " aria-describedby=\"code-message\" aria-invalid=\"true\"" : "";
		StringBuilder body = new StringBuilder();
		body.append("<h1>Two-step verification</h1>\n");
		if (message != null) {
			body.append("<p class=\"message\" id=\"code-message\" role=\"alert\">")
				.append(escape(message))
				.append("</p>\n");
		}
		body.append("<form method=\"post\" action=\"").append(LoginRoutes.LOGIN_CODE).append("\">\n");
		body.append(hidden(CsrfProtection.FIELD, csrf));
		body.append(hidden(LoginHandler.MFA_TOKEN, mfaToken));
		if (returnTo != null) {
			body.append(hidden(LoginHandler.RETURN_TO, returnTo));
		}
		body.append("<label for=\"code\">Code from your authenticator app, or a recovery code</label>\n")
			.append("<input id=\"code\" name=\"code\" type=\"text\" autocomplete=\"one-time-code\"")
			.append(" autocapitalize=\"none\" spellcheck=\"false\" required maxlength=\"64\" autofocus")
			.append(describedBy)
			.append(">\n")
			.append("<button type=\"submit\">Verify</button>\n</form>\n");
		if (!passkey) {
			return page("Two-step verification", body.toString());
		}
		body.append(passkeyForm(LoginRoutes.LOGIN_CODE_PASSKEY, LoginRoutes.LOGIN_CODE_PASSKEY_OPTIONS, csrf, mfaToken,
				returnTo, "Use a passkey"));
		return page("Two-step verification", SCRIPT, body.toString());
	}

	/** Who is signed in in this browser, with a button to sign out. */
	static String signedIn(String username, String csrf) {
		String body = "<h1>Signed in</h1>\n<p>You are signed in as <strong id=\"signed-in-user\">" + escape(username)
				+ "</strong>.</p>\n<form method=\"post\" action=\"" + LoginRoutes.LOGOUT + "\">\n"
				+ hidden(CsrfProtection.FIELD, csrf) + "<button type=\"submit\">Sign out</button>\n</form>\n";
		return page("Signed in", body);
	}

	/**
	 * The way on to {@code url} after one of these pages' forms: a refresh to it at once,
	 * and a link for a browser that does not follow refreshes. Navigating anew, the
	 * browser leaves the form's redirect chain, which {@code form-action 'self'} would
	 * stop at another origin.
	 */
	static String continueTo(String url) {
		String href = escape(url);
		String body = "<h1>Continue</h1>\n<p>Taking you back to the application.</p>\n<p><a id=\"continue\" href=\""
				+ href + "\">Continue</a></p>\n";
		return page("Continue", "<meta http-equiv=\"refresh\" content=\"0;url=" + href + "\">\n", body);
	}

	/**
	 * The consent page: which client asks for what, and Allow or Deny. Allow comes first,
	 * so that Enter chooses it only as a deliberate submit of the focused form.
	 */
	static String consent(ConsentForm form, String csrf) {
		StringBuilder body = new StringBuilder();
		body.append("<h1>Allow access?</h1>\n<p><strong id=\"client-name\">")
			.append(escape(form.clientName()))
			.append("</strong> would like to:</p>\n<ul id=\"scopes\">\n");
		for (String scope : form.scopes()) {
			body.append("<li>").append(escape(scope)).append("</li>\n");
		}
		body.append("</ul>\n<p>You are signed in as <strong id=\"signed-in-user\">")
			.append(escape(form.username()))
			.append("</strong>. You will not be asked again for these permissions.</p>\n")
			.append("<form method=\"post\" action=\"")
			.append(escape(form.action()))
			.append("\">\n")
			.append(hidden(CsrfProtection.FIELD, csrf));
		for (Map.Entry<String, String> field : form.fields()) {
			body.append(hidden(escape(field.getKey()), field.getValue()));
		}
		body.append("<button type=\"submit\" id=\"allow\" name=\"")
			.append(ConsentForm.DECISION)
			.append("\" value=\"")
			.append(ConsentForm.ALLOW)
			.append("\">Allow</button>\n<button type=\"submit\" id=\"deny\" class=\"secondary\" name=\"")
			.append(ConsentForm.DECISION)
			.append("\" value=\"")
			.append(ConsentForm.DENY)
			.append("\">Deny</button>\n</form>\n");
		return page("Allow access", body.toString());
	}

	/**
	 * The question of RP-initiated logout without a hint of this session: who is signed
	 * in, and a form that signs out and carries the checked parameters on.
	 */
	static String confirmSignOut(String username, String csrf, String clientId, String redirectUri, String state) {
		StringBuilder body = new StringBuilder();
		body.append("<h1>Sign out?</h1>\n<p>You are signed in as <strong id=\"signed-in-user\">")
			.append(escape(username))
			.append("</strong>. An application asks to sign you out of this service.</p>\n")
			.append("<form method=\"post\" action=\"")
			.append(LoginRoutes.END_SESSION_CONFIRM)
			.append("\">\n")
			.append(hidden(CsrfProtection.FIELD, csrf));
		if (clientId != null) {
			body.append(hidden(EndSessionHandler.CLIENT_ID, clientId));
		}
		if (redirectUri != null) {
			body.append(hidden(EndSessionHandler.POST_LOGOUT_REDIRECT_URI, redirectUri));
		}
		if (state != null) {
			body.append(hidden(EndSessionHandler.STATE, state));
		}
		body.append("<button type=\"submit\" id=\"confirm-sign-out\">Sign out</button>\n</form>\n")
			.append("<p><a href=\"")
			.append(LoginRoutes.HOME)
			.append("\">Stay signed in</a></p>\n");
		return page("Sign out?", body.toString());
	}

	/** The end of a sign-out that has no client to go back to. */
	static String signedOut() {
		return page("Signed out", "<h1 id=\"signed-out\">You are signed out</h1>\n<p><a href=\"" + LoginRoutes.LOGIN
				+ "\">Sign in again</a></p>\n");
	}

	/** An error: its title, what happened, and the way back to the sign-in page. */
	static String error(String title, String message) {
		String body = "<h1>" + escape(title) + "</h1>\n<p class=\"message\" role=\"alert\">" + escape(message)
				+ "</p>\n<p><a href=\"" + LoginRoutes.LOGIN + "\">Go to the sign-in page</a></p>\n";
		return page(title, body);
	}

	/**
	 * The form a passkey signs in with: its button is {@code hidden}, so that without the
	 * script (which shows it only where WebAuthn exists) nothing can post it; the script
	 * fetches the options from {@code optionsPath}, fills in {@code credential} and
	 * submits the form as a person would.
	 */
	private static String passkeyForm(String action, String optionsPath, String csrf, String mfaToken, String returnTo,
			String label) {
		StringBuilder form = new StringBuilder();
		form.append("<form id=\"passkey-form\" method=\"post\" action=\"").append(action).append("\">\n");
		form.append(hidden(CsrfProtection.FIELD, csrf));
		if (mfaToken != null) {
			form.append(hidden(LoginHandler.MFA_TOKEN, mfaToken));
		}
		if (returnTo != null) {
			form.append(hidden(LoginHandler.RETURN_TO, returnTo));
		}
		form.append(hidden(PasskeySignInHandler.CREDENTIAL, ""))
			.append("<button type=\"button\" id=\"passkey\" class=\"secondary\" hidden data-passkey-options=\"")
			.append(optionsPath)
			.append("\">")
			.append(escape(label))
			.append("</button>\n</form>\n");
		return form.toString();
	}

	private static String hidden(String name, String value) {
		return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(value) + "\">\n";
	}

	private static String page(String title, String body) {
		return page(title, "", body);
	}

	private static String page(String title, String head, String body) {
		return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" + head + "<title>"
				+ escape(title) + " · authflux</title>\n<style>" + STYLE + "</style>\n</head>\n<body>\n<main>\n" + body
				+ "</main>\n</body>\n</html>\n";
	}

	private static String escape(String text) {
		return HtmlUtils.htmlEscape(text, StandardCharsets.UTF_8.name());
	}

	private static String sha256(String text) {
		return "sha256-" + Base64.getEncoder().encodeToString(OpaqueValues.sha256(text));
	}

}
