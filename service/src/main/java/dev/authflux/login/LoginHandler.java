package dev.authflux.login;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.authflux.audit.ClientAddresses;
import dev.authflux.audit.ClientInfo;
import dev.authflux.mfa.InvalidCodeException;
import dev.authflux.mfa.InvalidMfaTokenException;
import dev.authflux.passkey.PasskeyService;
import dev.authflux.throttle.TooManyAttemptsException;
import dev.authflux.user.AccountDisabledException;
import dev.authflux.user.CredentialRules;
import dev.authflux.user.InvalidCredentialsException;
import dev.authflux.web.MalformedRequestException;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The login pages: the sign-in form, its post, signing out, and the page that says who is
 * signed in. Every answer is an HTML page or a 303 redirect (post/redirect/get), never
 * JSON.
 */
@Component
class LoginHandler {

	/** Where a sign-in returns to (see {@link ReturnTo}). */
	static final String RETURN_TO = "return_to";

	/** A username to fill in (OpenID Connect's {@code login_hint}). */
	static final String LOGIN_HINT = "login_hint";

	static final String WRONG_CREDENTIALS = "The username or password is incorrect.";

	static final String DISABLED = "This account is disabled.";

	/** The first step's token, carried by the form of the second. */
	static final String MFA_TOKEN = "mfa_token";

	static final String WRONG_CODE = "The code is incorrect or was already used.";

	static final String SIGN_IN_AGAIN = "This sign-in has expired or was already completed. Sign in again.";

	static final String FORGED = "This form has expired or was not sent from this site. Nothing was changed;"
			+ " go back to the sign-in page and try again.";

	private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

	private static final Consumer<HttpHeaders> NO_HEADERS = (headers) -> {
	};

	private static final int USERNAME_MAX = 64;

	/** As the API's login: a longer password cannot be one that registration accepted. */
	private static final int PASSWORD_MAX = 4 * CredentialRules.PASSWORD_MAX;

	/** As the API's {@code recovery_code}. */
	private static final int CODE_MAX = 64;

	/** As the API's {@code device_token}. */
	private static final int DEVICE_TOKEN_MAX = 256;

	private final BrowserSessions browserSessions;

	private final CsrfProtection csrf;

	private final LoginCookies cookies;

	private final ClientAddresses clients;

	private final PasskeyService passkeys;

	LoginHandler(BrowserSessions browserSessions, CsrfProtection csrf, LoginCookies cookies, ClientAddresses clients,
			PasskeyService passkeys) {
		this.passkeys = passkeys;
		this.browserSessions = browserSessions;
		this.csrf = csrf;
		this.cookies = cookies;
		this.clients = clients;
		Pages.prepare();
	}

	/** {@code GET /login}: the form, the username filled in from {@code login_hint}. */
	Mono<ServerResponse> form(ServerRequest request) {
		String hint = request.queryParam(LOGIN_HINT).filter((name) -> name.length() <= USERNAME_MAX).orElse(null);
		String returnTo = ReturnTo.allowed(request.queryParam(RETURN_TO).orElse(null));
		return loginPage(HttpStatus.OK, this.csrf.tokenFor(request), hint, returnTo, null);
	}

	/**
	 * {@code POST /login}: the CSRF check first (nothing else is looked at without it),
	 * then the password, checked and throttled as the API's login is.
	 */
	Mono<ServerResponse> signIn(ServerRequest request) {
		return formOf(request).flatMap((form) -> {
			if (!this.csrf.accepts(request, form)) {
				return forged();
			}
			String csrfToken = this.csrf.tokenFor(request);
			String username = field(form, "username");
			String password = field(form, "password");
			String returnTo = ReturnTo.allowed(field(form, RETURN_TO));
			if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
				return loginPage(HttpStatus.BAD_REQUEST, csrfToken, username, returnTo,
						"Enter your username and password.");
			}
			if (username.length() > USERNAME_MAX || password.length() > PASSWORD_MAX) {
				return loginPage(HttpStatus.BAD_REQUEST, csrfToken, null, returnTo,
						"The username or password is too long.");
			}
			ClientInfo client = this.clients.of(request);
			String device = this.cookies.device(request);
			return this.browserSessions
				.signIn(username, password, (device != null && device.length() <= DEVICE_TOKEN_MAX) ? device : null,
						client)
				.flatMap((step) -> (step instanceof BrowserSessions.SignedIn signedIn)
						? endPrevious(request, client).then(signedIn(signedIn, returnTo))
						: codePage(HttpStatus.OK, csrfToken, ((BrowserSessions.CodeRequired) step).mfaToken(), returnTo,
								null, ((BrowserSessions.CodeRequired) step).passkey()))
				.onErrorResume(InvalidCredentialsException.class,
						(ex) -> loginPage(HttpStatus.OK, csrfToken, username, returnTo, WRONG_CREDENTIALS))
				.onErrorResume(TooManyAttemptsException.class,
						(ex) -> throttled(ex.retryAfterSeconds(), csrfToken,
								(message) -> Pages.login(csrfToken, username, returnTo, message)))
				.onErrorResume(AccountDisabledException.class,
						(ex) -> loginPage(HttpStatus.FORBIDDEN, csrfToken, username, returnTo, DISABLED));
		});
	}

	/**
	 * {@code POST /login/code}: the second step for an account with TOTP, CSRF-checked
	 * like the first. A wrong code shows the code form again (the same first step); a
	 * spent or expired first step, the sign-in form.
	 */
	Mono<ServerResponse> signInWithCode(ServerRequest request) {
		return formOf(request).flatMap((form) -> {
			if (!this.csrf.accepts(request, form)) {
				return forged();
			}
			String csrfToken = this.csrf.tokenFor(request);
			String mfaToken = field(form, MFA_TOKEN);
			String code = field(form, "code");
			String returnTo = ReturnTo.allowed(field(form, RETURN_TO));
			if (mfaToken == null || mfaToken.isEmpty() || mfaToken.length() > DEVICE_TOKEN_MAX) {
				return loginPage(HttpStatus.BAD_REQUEST, csrfToken, null, returnTo, SIGN_IN_AGAIN);
			}
			if (code == null || code.isBlank() || code.length() > CODE_MAX) {
				return codePageAgain(HttpStatus.BAD_REQUEST, csrfToken, mfaToken, returnTo,
						"Enter the code from your authenticator app or a recovery code.");
			}
			ClientInfo client = this.clients.of(request);
			String device = this.cookies.device(request);
			return this.browserSessions
				.signInWithCode(mfaToken, code.strip(),
						(device != null && device.length() <= DEVICE_TOKEN_MAX) ? device : null, client)
				.flatMap((signedIn) -> endPrevious(request, client).then(signedIn(signedIn, returnTo)))
				.onErrorResume(InvalidCodeException.class,
						(ex) -> codePageAgain(HttpStatus.OK, csrfToken, mfaToken, returnTo, WRONG_CODE))
				.onErrorResume(InvalidMfaTokenException.class,
						(ex) -> loginPage(HttpStatus.OK, csrfToken, null, returnTo, SIGN_IN_AGAIN))
				.onErrorResume(TooManyAttemptsException.class,
						(ex) -> codeThrottled(ex.retryAfterSeconds(), csrfToken, mfaToken, returnTo))
				.onErrorResume(AccountDisabledException.class,
						(ex) -> loginPage(HttpStatus.FORBIDDEN, csrfToken, null, returnTo, DISABLED));
		});
	}

	/**
	 * {@code POST /logout}: ends this browser's session, if any, and forgets its cookie.
	 */
	Mono<ServerResponse> signOut(ServerRequest request) {
		return formOf(request).flatMap((form) -> {
			if (!this.csrf.accepts(request, form)) {
				return forged();
			}
			ClientInfo client = this.clients.of(request);
			return this.browserSessions.current(request)
				.flatMap((session) -> this.browserSessions.signOut(session, client))
				.then(redirect(LoginRoutes.LOGIN).cookie(this.cookies.sessionCleared()).build());
		});
	}

	/** {@code GET /}: who is signed in here, or the way to the sign-in page. */
	Mono<ServerResponse> home(ServerRequest request) {
		return this.browserSessions.current(request).flatMap((session) -> {
			String token = this.csrf.tokenFor(request);
			return html(HttpStatus.OK, Pages.signedIn(session.username(), token), this.cookies.csrf(token), NO_HEADERS);
		}).switchIfEmpty(Mono.defer(() -> redirect(LoginRoutes.LOGIN).build()));
	}

	/**
	 * A browser that signs in again (as the same or another user) ends the session it
	 * had, so a browser holds at most one.
	 */
	Mono<Void> endPrevious(ServerRequest request, ClientInfo client) {
		return this.browserSessions.current(request)
			.flatMap((previous) -> this.browserSessions.signOut(previous, client));
	}

	Mono<ServerResponse> signedIn(BrowserSessions.SignedIn signedIn, String returnTo) {
		ServerResponse.BodyBuilder response = redirect((returnTo != null) ? returnTo : LoginRoutes.HOME)
			.cookie(this.cookies.session(signedIn.cookie()));
		if (signedIn.deviceToken() != null) {
			response.cookie(this.cookies.device(signedIn.deviceToken()));
		}
		return response.build();
	}

	Mono<ServerResponse> loginPage(HttpStatus status, String csrfToken, String username, String returnTo,
			String message) {
		return html(status, Pages.login(csrfToken, username, returnTo, message), this.cookies.csrf(csrfToken),
				Pages::addScriptedHeaders);
	}

	Mono<ServerResponse> codePage(HttpStatus status, String csrfToken, String mfaToken, String returnTo, String message,
			boolean passkey) {
		return html(status, Pages.secondFactor(csrfToken, mfaToken, returnTo, message, passkey),
				this.cookies.csrf(csrfToken), Pages::addScriptedHeaders);
	}

	/**
	 * The code form shown again, with the passkey button if the login's account still has
	 * a passkey.
	 */
	Mono<ServerResponse> codePageAgain(HttpStatus status, String csrfToken, String mfaToken, String returnTo,
			String message) {
		return this.passkeys.offeredAtSecondStep(mfaToken)
			.flatMap((passkey) -> codePage(status, csrfToken, mfaToken, returnTo, message, passkey));
	}

	/** The code form of a throttled second step, saying how long to wait. */
	Mono<ServerResponse> codeThrottled(long seconds, String csrfToken, String mfaToken, String returnTo) {
		return this.passkeys.offeredAtSecondStep(mfaToken)
			.flatMap((passkey) -> throttled(seconds, csrfToken,
					(message) -> Pages.secondFactor(csrfToken, mfaToken, returnTo, message, passkey)));
	}

	/**
	 * The form again ({@code page} of the message), saying how long to wait, with the
	 * API's 429 and Retry-After.
	 */
	Mono<ServerResponse> throttled(long seconds, String csrfToken, Function<String, String> page) {
		String message = "Too many failed attempts. Try again in " + seconds + " seconds.";
		return html(HttpStatus.TOO_MANY_REQUESTS, page.apply(message), this.cookies.csrf(csrfToken), (headers) -> {
			Pages.addScriptedHeaders(headers);
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		});
	}

	static Mono<ServerResponse> forged() {
		return html(HttpStatus.FORBIDDEN, Pages.error("Request refused", FORGED), null, NO_HEADERS);
	}

	private static Mono<ServerResponse> html(HttpStatus status, String page, ResponseCookie cookie,
			Consumer<HttpHeaders> headers) {
		ServerResponse.BodyBuilder response = ServerResponse.status(status)
			.contentType(HTML)
			.headers(Pages::addHeaders)
			.headers(headers);
		if (cookie != null) {
			response.cookie(cookie);
		}
		return response.bodyValue(page);
	}

	private static ServerResponse.BodyBuilder redirect(String location) {
		return ServerResponse.seeOther(URI.create(location)).headers(Pages::addHeaders);
	}

	/**
	 * The posted form; empty for another content type (then the CSRF check refuses it). A
	 * broken percent-escape fails the form reader's URL decoding: a 400, not a 500.
	 */
	static Mono<MultiValueMap<String, String>> formOf(ServerRequest request) {
		return request.formData()
			.onErrorMap(IllegalArgumentException.class,
					(ex) -> new MalformedRequestException("The request body is not a valid form."));
	}

	/** The field's one value; a field sent twice counts as absent. */
	static String field(MultiValueMap<String, String> form, String name) {
		return (form.containsKey(name) && form.get(name).size() == 1) ? form.getFirst(name) : null;
	}

}
