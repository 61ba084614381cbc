package dev.authflux.login;

import dev.authflux.audit.ClientInfo;
import dev.authflux.session.AuthenticatedSession;
import dev.authflux.session.SessionService;
import dev.authflux.user.InvalidCredentialsException;
import dev.authflux.user.SecondFactorRequiredException;
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

	private final UserService users;

	private final SessionService sessions;

	private final BrowserSessionRepository repository;

	private final CookieValues values;

	private final LoginCookies cookies;

	private final LoginProperties properties;

	BrowserSessions(UserService users, SessionService sessions, BrowserSessionRepository repository,
			CookieValues values, LoginCookies cookies, LoginProperties properties) {
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
	Mono<SignedIn> signIn(String username, String password, String deviceToken, ClientInfo client) {
		return this.users.authenticate(username, password, deviceToken, client).flatMap((authenticated) -> {
			if (authenticated.user().secondFactor()) {
				// This page cannot ask for the second factor yet: the password alone must
				// not let the account in.
				return Mono.error(new SecondFactorRequiredException());
			}
			String cookie = this.values.generate();
			return this.repository
				.create(authenticated.user().id(), authenticated.user().passwordChangedAt(), CookieValues.hash(cookie),
						client, this.properties.sessionLifetime())
				// The password changed, or the account went or was disabled, since it
				// was verified.
				.switchIfEmpty(Mono.error(InvalidCredentialsException::new))
				.map((created) -> new SignedIn(
						new BrowserSession(created.id(), authenticated.user().profile(), created.authTime()), cookie,
						authenticated.deviceToken()));
		});
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
	record SignedIn(BrowserSession session, String cookie, String deviceToken) {

		@Override
		public String toString() {
			return "SignedIn[session=" + this.session.sessionId() + "]";
		}

	}

}
