package dev.authflux.login;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.authflux.audit.ClientAddresses;
import dev.authflux.audit.ClientInfo;
import dev.authflux.mfa.InvalidCodeException;
import dev.authflux.mfa.InvalidMfaTokenException;
import dev.authflux.passkey.InvalidCredentialException;
import dev.authflux.passkey.InvalidPasskeyException;
import dev.authflux.passkey.PasskeyService;
import dev.authflux.passkey.RequestOptions;
import dev.authflux.throttle.TooManyAttemptsException;
import dev.authflux.user.AccountDisabledException;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Passkeys on the login pages, an enhancement of forms that work without JavaScript: the
 * script that shows their buttons, the options it fetches, and the forms it submits.
 * Every post is CSRF-checked as the password form is, and a passkey is verified by the
 * API's own path ({@link PasskeyService}), so it is audited and refused exactly as there;
 * the answers are the password form's pages and redirects.
 */
@Component
class PasskeySignInHandler {

	/** The field that carries the credential's {@code toJSON()}. */
	static final String CREDENTIAL = "credential";

	static final String REFUSED = "The passkey could not be verified. Try again, or sign in with your password.";

	static final String UNREADABLE = "The answer from the passkey could not be read. Try again.";

	static final String REFUSED_SECOND_STEP = "The passkey could not be verified. Try again, or enter a code.";

	private static final MediaType JAVASCRIPT = new MediaType("text", "javascript", StandardCharsets.UTF_8);

	/** Well above an assertion's JSON (a few hundred bytes to 2 KiB). */
	private static final int CREDENTIAL_MAX = 8192;

	private static final int MFA_TOKEN_MAX = 256;

	private final byte[] script;

	private final SignInAnswers pages;

	private final CsrfProtection csrf;

	private final BrowserSessions browserSessions;

	private final PasskeyService passkeys;

	private final LoginCookies cookies;

	private final ClientAddresses clients;

	PasskeySignInHandler(SignInAnswers pages, CsrfProtection csrf, BrowserSessions browserSessions,
			PasskeyService passkeys, LoginCookies cookies, ClientAddresses clients) {
		this.pages = pages;
		this.csrf = csrf;
		this.browserSessions = browserSessions;
		this.passkeys = passkeys;
		this.cookies = cookies;
		this.clients = clients;
		// Read once at start-up, never from a file on an event loop.
		this.script = readScript();
	}

	/** {@code GET /login/passkey.js}: the same bytes for everyone, so cacheable. */
	Mono<ServerResponse> script(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(JAVASCRIPT)
			.cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
			.bodyValue(this.script);
	}

	/**
	 * {@code POST /login/passkey-options}: a passwordless login's options, as the API's.
	 */
	Mono<ServerResponse> options(ServerRequest request) {
		return SignInAnswers.formOf(request)
			.flatMap((form) -> this.csrf.accepts(request, form) ? this.passkeys.loginOptions().flatMap(this::json)
					: SignInAnswers.forged());
	}

	/**
	 * {@code POST /login/code/passkey-options}: the second step's options for the form's
	 * {@code mfa_token}; refusals are the error pages of the API's answers.
	 */
	Mono<ServerResponse> secondFactorOptions(ServerRequest request) {
		return SignInAnswers.formOf(request).flatMap((form) -> {
			if (!this.csrf.accepts(request, form)) {
				return SignInAnswers.forged();
			}
			String mfaToken = SignInAnswers.field(form, LoginHandler.MFA_TOKEN);
			if (mfaToken == null || mfaToken.isEmpty() || mfaToken.length() > MFA_TOKEN_MAX) {
				return Mono.error(new InvalidMfaTokenException());
			}
			return this.passkeys.secondFactorOptions(mfaToken).flatMap(this::json);
		});
	}

	/**
	 * {@code POST /login/passkey}: a sign-in with a passkey alone. A refused passkey
	 * shows the sign-in form again with a message; a credential that is no assertion,
	 * with a 400.
	 */
	Mono<ServerResponse> signIn(ServerRequest request) {
		return SignInAnswers.formOf(request).flatMap((form) -> {
			if (!this.csrf.accepts(request, form)) {
				return SignInAnswers.forged();
			}
			String csrfToken = this.csrf.tokenFor(request);
			String returnTo = ReturnTo.allowed(SignInAnswers.field(form, LoginHandler.RETURN_TO));
			String credential = credential(form);
			if (credential == null) {
				return this.pages.loginPage(HttpStatus.BAD_REQUEST, csrfToken, null, returnTo, UNREADABLE);
			}
			ClientInfo client = this.clients.of(request);
			return this.browserSessions.signInWithPasskey(credential, client)
				.flatMap((signedIn) -> this.pages.endPrevious(request, client)
					.then(this.pages.signedIn(signedIn, returnTo)))
				.onErrorResume(InvalidCredentialException.class,
						(ex) -> this.pages.loginPage(HttpStatus.BAD_REQUEST, csrfToken, null, returnTo, UNREADABLE))
				.onErrorResume(InvalidPasskeyException.class,
						(ex) -> this.pages.loginPage(HttpStatus.OK, csrfToken, null, returnTo, REFUSED))
				.onErrorResume(AccountDisabledException.class, (ex) -> this.pages.loginPage(HttpStatus.FORBIDDEN,
						csrfToken, null, returnTo, LoginHandler.DISABLED));
		});
	}

	/**
	 * {@code POST /login/code/passkey}: the second step answered with a passkey, checked,
	 * counted and throttled as a code at {@code POST /login/code}.
	 */
	Mono<ServerResponse> secondFactor(ServerRequest request) {
		return SignInAnswers.formOf(request).flatMap((form) -> {
			if (!this.csrf.accepts(request, form)) {
				return SignInAnswers.forged();
			}
			String csrfToken = this.csrf.tokenFor(request);
			String mfaToken = SignInAnswers.field(form, LoginHandler.MFA_TOKEN);
			String returnTo = ReturnTo.allowed(SignInAnswers.field(form, LoginHandler.RETURN_TO));
			if (mfaToken == null || mfaToken.isEmpty() || mfaToken.length() > MFA_TOKEN_MAX) {
				return this.pages.loginPage(HttpStatus.BAD_REQUEST, csrfToken, null, returnTo,
						LoginHandler.SIGN_IN_AGAIN);
			}
			String credential = credential(form);
			if (credential == null) {
				return this.pages.codePageAgain(HttpStatus.BAD_REQUEST, csrfToken, mfaToken, returnTo, UNREADABLE);
			}
			ClientInfo client = this.clients.of(request);
			String device = this.cookies.device(request);
			return this.browserSessions
				.signInWithPasskeyAsSecondFactor(mfaToken, credential,
						(device != null && device.length() <= MFA_TOKEN_MAX) ? device : null, client)
				.flatMap((signedIn) -> this.pages.endPrevious(request, client)
					.then(this.pages.signedIn(signedIn, returnTo)))
				.onErrorResume(InvalidCredentialException.class,
						(ex) -> this.pages.codePageAgain(HttpStatus.BAD_REQUEST, csrfToken, mfaToken, returnTo,
								UNREADABLE))
				.onErrorResume(InvalidCodeException.class,
						(ex) -> this.pages.codePageAgain(HttpStatus.OK, csrfToken, mfaToken, returnTo,
								REFUSED_SECOND_STEP))
				.onErrorResume(InvalidMfaTokenException.class,
						(ex) -> this.pages.loginPage(HttpStatus.OK, csrfToken, null, returnTo,
								LoginHandler.SIGN_IN_AGAIN))
				.onErrorResume(TooManyAttemptsException.class,
						(ex) -> this.pages.codeThrottled(ex.retryAfterSeconds(), csrfToken, mfaToken, returnTo))
				.onErrorResume(AccountDisabledException.class, (ex) -> this.pages.loginPage(HttpStatus.FORBIDDEN,
						csrfToken, null, returnTo, LoginHandler.DISABLED));
		});
	}

	/** The posted credential if it could be one (a JSON object's text), else null. */
	private static String credential(MultiValueMap<String, String> form) {
		String credential = SignInAnswers.field(form, CREDENTIAL);
		if (credential == null || credential.length() > CREDENTIAL_MAX || !credential.strip().startsWith("{")) {
			return null;
		}
		return credential;
	}

	private Mono<ServerResponse> json(RequestOptions options) {
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.headers(Pages::addHeaders)
			.bodyValue(options);
	}

	private static byte[] readScript() {
		try (InputStream in = PasskeySignInHandler.class.getResourceAsStream("passkey.js")) {
			if (in == null) {
				throw new IllegalStateException("passkey.js is missing from the classpath");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
