package dev.authflux.login;

import java.util.List;

import dev.authflux.audit.ClientInfo;
import dev.authflux.mfa.InvalidCodeException;
import dev.authflux.mfa.MfaService;
import dev.authflux.passkey.PasskeyService;
import dev.authflux.session.AuthenticatedSession;
import dev.authflux.session.SessionService;
import dev.authflux.user.InvalidCredentialsException;
import dev.authflux.user.User;
import dev.authflux.user.UserService;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Single-sign-on sessions of browsers: started by a password on the login page, held as a
 * cookie, ended by signing out or by anything that ends a session
 * ({@code /api/v1/sessions}, a password change, an operator). The cookie carries 256
 * random bits, not the session id; only their SHA-256 is stored.
 *
 * <p>
 * {@link #current(ServerRequest)} is how other features (the authorization endpoint)
 * learn who is signed in in the browser that sent a request.
 */
@Service
public class BrowserSessions {

	/** RFC 8176's method of a sign-in by password alone. */
	private static final List<String> PASSWORD = List.of("pwd");

	/** A passkey with the user verified, alone: the API's passkey login's {@code amr}. */
	private static final List<String> PASSKEY = List.of("webauthn");

	/** The second step's method that a passkey answers. */
	private static final String WEBAUTHN = "webauthn";

	private final UserService users;

	private final SessionService sessions;

	private final BrowserSessionRepository repository;

	private final CookieValues values;

	private final LoginCookies cookies;

	private final LoginProperties properties;

	private final MfaService mfa;

	private final PasskeyService passkeys;

	BrowserSessions(UserService users, SessionService sessions, BrowserSessionRepository repository,
			CookieValues values, LoginCookies cookies, LoginProperties properties, MfaService mfa,
			PasskeyService passkeys) {
		this.mfa = mfa;
		this.passkeys = passkeys;
		this.users = users;
		this.sessions = sessions;
		this.repository = repository;
		this.values = values;
		this.cookies = cookies;
		this.properties = properties;
	}

	/**
	 * The live browser session of the request's cookie, or empty when it has none, or one
	 * that was revoked or expired. Asks the database every time, so a session revoked
	 * anywhere stops working at once.
	 */
	public Mono<BrowserSession> current(ServerRequest request) {
		String value = this.cookies.session(request);
		if (!CookieValues.wellFormed(value)) {
			return Mono.empty();
		}
		return this.repository.findLive(CookieValues.hash(value));
	}

	/**
	 * Checks the password as the API's login does (the same hash pool, throttling and
	 * audit) and starts a browser session. Fails as {@link UserService#authenticate}
	 * does.
	 */
	Mono<SignInStep> signIn(String username, String password, String deviceToken, ClientInfo client) {
		return this.users.authenticate(username, password, deviceToken, client)
			.flatMap((authenticated) -> authenticated.user().secondFactor()
					? this.mfa.challenge(authenticated.user())
						.map((challenge) -> new CodeRequired(challenge.mfaToken(),
								challenge.methods().contains(WEBAUTHN)))
					: start(authenticated.user(), PASSWORD, authenticated.deviceToken(), client)
						.map(SignInStep.class::cast));
	}

	/**
	 * The second step for an account with TOTP: the code of the first step's challenge,
	 * checked and throttled as at {@code POST /api/v1/sessions/mfa}; a code that is not
	 * six digits is taken for a recovery code.
	 */
	Mono<SignedIn> signInWithCode(String mfaToken, String code, String deviceToken, ClientInfo client) {
		boolean recovery = !code.matches("[0-9]{6}");
		return this.mfa.completeLogin(mfaToken, code, recovery, deviceToken, client)
			.flatMap((login) -> start(login.user(), login.amr(), login.deviceToken(), client));
	}

	/**
	 * A sign-in with a passkey alone, verified by the API's passwordless login
	 * ({@link PasskeyService#authenticate}: the same checks, audit and refusals); the
	 * browser session carries {@code amr} {@code ["webauthn"]}.
	 */
	Mono<SignedIn> signInWithPasskey(String credentialJson, ClientInfo client) {
		return this.passkeys.authenticate(credentialJson, client).flatMap((user) -> start(user, PASSKEY, null, client));
	}

	/**
	 * The second step answered with one of the account's passkeys, as at
	 * {@code POST /api/v1/sessions/mfa} with a {@code credential}: a refused passkey is a
	 * failed login of the account, {@link InvalidCodeException}.
	 */
	Mono<SignedIn> signInWithPasskeyAsSecondFactor(String mfaToken, String credentialJson, String deviceToken,
			ClientInfo client) {
		return this.mfa.completeLoginWithPasskey(mfaToken, credentialJson, deviceToken, client)
			.flatMap((login) -> start(login.user(), login.amr(), login.deviceToken(), client));
	}

	private Mono<SignedIn> start(User user, List<String> amr, String deviceToken, ClientInfo client) {
		String cookie = this.values.generate();
		return this.repository
			.create(user.id(), user.passwordChangedAt(), CookieValues.hash(cookie), amr, client,
					this.properties.sessionLifetime())
			// The password changed, or the account went or was disabled, since it was
			// verified.
			.switchIfEmpty(Mono.error(InvalidCredentialsException::new))
			.map((created) -> new SignedIn(new BrowserSession(created.id(), user.profile(), created.authTime()), cookie,
					deviceToken));
	}

	/** Where a right password leads: a session, or the step that asks for the code. */
	sealed interface SignInStep permits SignedIn, CodeRequired {

	}

	/**
	 * The password was right; the account's second factor is asked for next, with a
	 * passkey too if {@code passkey}.
	 */
	record CodeRequired(String mfaToken, boolean passkey) implements SignInStep {

		@Override
		public String toString() {
			return "CodeRequired[]";
		}

	}

	/** Ends the session, revoked and audited as a logout. */
	Mono<Void> signOut(BrowserSession session, ClientInfo client) {
		return this.sessions.logout(new AuthenticatedSession(session.sessionId(), session.user()), client);
	}

	/**
	 * A browser session just started.
	 *
	 * @param session the session
	 * @param cookie the value of its cookie (only its hash is stored)
	 * @param deviceToken the device token for the device cookie
	 */
	record SignedIn(BrowserSession session, String cookie, String deviceToken) implements SignInStep {

		@Override
		public String toString() {
			return "SignedIn[session=" + this.session.sessionId() + "]";
		}

	}

}
