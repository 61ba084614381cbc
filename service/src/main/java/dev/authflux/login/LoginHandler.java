package dev.authflux.login;

import dev.authflux.audit.ClientAddresses;
import dev.authflux.audit.ClientInfo;
import dev.authflux.mfa.InvalidCodeException;
import dev.authflux.mfa.InvalidMfaTokenException;
import dev.authflux.throttle.TooManyAttemptsException;
import dev.authflux.user.AccountDisabledException;
import dev.authflux.user.CredentialRules;
import dev.authflux.user.InvalidCredentialsException;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
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

	private final SignInAnswers answers;

	LoginHandler(BrowserSessions browserSessions, CsrfProtection csrf, LoginCookies cookies, ClientAddresses clients,
			SignInAnswers answers) {
		this.answers = answers;
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
		return this.answers.loginPage(HttpStatus.OK, this.csrf.tokenFor(request), hint, returnTo, null);
	}

	/**
	 * {@code POST /login}: the CSRF check first (nothing else is looked at without it),
	 * then the password, checked and throttled as the API's login is.
	 */
	Mono<ServerResponse> signIn(ServerRequest request) {
		return SignInAnswers.formOf(request).flatMap((form) -> {
			if (!this.csrf.accepts(request, form)) {
				return SignInAnswers.forged();
			}
			String csrfToken = this.csrf.tokenFor(request);
			String username = SignInAnswers.field(form, "username");
			String password = SignInAnswers.field(form, "password");
			String returnTo = ReturnTo.allowed(SignInAnswers.field(form, RETURN_TO));
			if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
				return this.answers.loginPage(HttpStatus.BAD_REQUEST, csrfToken, username, returnTo,
						"Enter your username and password.");
			}
			if (username.length() > USERNAME_MAX || password.length() > PASSWORD_MAX) {
				return this.answers.loginPage(HttpStatus.BAD_REQUEST, csrfToken, null, returnTo,
						"The username or password is too long.");
			}
			ClientInfo client = this.clients.of(request);
			String device = this.cookies.device(request);
			return this.browserSessions
				.signIn(username, password, (device != null && device.length() <= DEVICE_TOKEN_MAX) ? device : null,
						client)
				.flatMap((step) -> (step instanceof BrowserSessions.SignedIn signedIn)
						? this.answers.endPrevious(request, client).then(this.answers.signedIn(signedIn, returnTo))
						: this.answers.codePage(HttpStatus.OK, csrfToken,
								((BrowserSessions.CodeRequired) step).mfaToken(), returnTo, null,
								((BrowserSessions.CodeRequired) step).passkey()))
				.onErrorResume(InvalidCredentialsException.class,
						(ex) -> this.answers.loginPage(HttpStatus.OK, csrfToken, username, returnTo, WRONG_CREDENTIALS))
				.onErrorResume(TooManyAttemptsException.class,
						(ex) -> this.answers.throttled(ex.retryAfterSeconds(), csrfToken,
								(message) -> Pages.login(csrfToken, username, returnTo, message)))
				.onErrorResume(AccountDisabledException.class,
						(ex) -> this.answers.loginPage(HttpStatus.FORBIDDEN, csrfToken, username, returnTo, DISABLED));
		});
	}

	/**
	 * {@code POST /login/code}: the second step for an account with TOTP, CSRF-checked
	 * like the first. A wrong code shows the code form again (the same first step); a
	 * spent or expired first step, the sign-in form.
	 */
	Mono<ServerResponse> signInWithCode(ServerRequest request) {
		return SignInAnswers.formOf(request).flatMap((form) -> {
			if (!this.csrf.accepts(request, form)) {
				return SignInAnswers.forged();
			}
			String csrfToken = this.csrf.tokenFor(request);
			String mfaToken = SignInAnswers.field(form, MFA_TOKEN);
			String code = SignInAnswers.field(form, "code");
			String returnTo = ReturnTo.allowed(SignInAnswers.field(form, RETURN_TO));
			if (mfaToken == null || mfaToken.isEmpty() || mfaToken.length() > DEVICE_TOKEN_MAX) {
				return this.answers.loginPage(HttpStatus.BAD_REQUEST, csrfToken, null, returnTo, SIGN_IN_AGAIN);
			}
			if (code == null || code.isBlank() || code.length() > CODE_MAX) {
				return this.answers.codePageAgain(HttpStatus.BAD_REQUEST, csrfToken, mfaToken, returnTo,
						"Enter the code from your authenticator app or a recovery code.");
			}
			ClientInfo client = this.clients.of(request);
			String device = this.cookies.device(request);
			return this.browserSessions
				.signInWithCode(mfaToken, code.strip(),
						(device != null && device.length() <= DEVICE_TOKEN_MAX) ? device : null, client)
				.flatMap((signedIn) -> this.answers.endPrevious(request, client)
					.then(this.answers.signedIn(signedIn, returnTo)))
				.onErrorResume(InvalidCodeException.class,
						(ex) -> this.answers.codePageAgain(HttpStatus.OK, csrfToken, mfaToken, returnTo, WRONG_CODE))
				.onErrorResume(InvalidMfaTokenException.class,
						(ex) -> this.answers.loginPage(HttpStatus.OK, csrfToken, null, returnTo, SIGN_IN_AGAIN))
				.onErrorResume(TooManyAttemptsException.class,
						(ex) -> this.answers.codeThrottled(ex.retryAfterSeconds(), csrfToken, mfaToken, returnTo))
				.onErrorResume(AccountDisabledException.class,
						(ex) -> this.answers.loginPage(HttpStatus.FORBIDDEN, csrfToken, null, returnTo, DISABLED));
		});
	}

	/**
	 * {@code POST /logout}: ends this browser's session, if any, and forgets its cookie.
	 */
	Mono<ServerResponse> signOut(ServerRequest request) {
		return SignInAnswers.formOf(request).flatMap((form) -> {
			if (!this.csrf.accepts(request, form)) {
				return SignInAnswers.forged();
			}
			ClientInfo client = this.clients.of(request);
			return this.browserSessions.current(request)
				.flatMap((session) -> this.browserSessions.signOut(session, client))
				.then(SignInAnswers.redirect(LoginRoutes.LOGIN).cookie(this.cookies.sessionCleared()).build());
		});
	}

	/** {@code GET /}: who is signed in here, or the way to the sign-in page. */
	Mono<ServerResponse> home(ServerRequest request) {
		return this.browserSessions.current(request).flatMap((session) -> {
			String token = this.csrf.tokenFor(request);
			return SignInAnswers.html(HttpStatus.OK, Pages.signedIn(session.username(), token),
					this.cookies.csrf(token), SignInAnswers.NO_HEADERS);
		}).switchIfEmpty(Mono.defer(() -> SignInAnswers.redirect(LoginRoutes.LOGIN).build()));
	}

}
