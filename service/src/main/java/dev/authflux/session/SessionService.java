package dev.authflux.session;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.authflux.mfa.MfaService;
import dev.authflux.token.AccessTokenClaims;
import dev.authflux.token.AccessTokens;
import dev.authflux.token.IssuedAccessToken;
import dev.authflux.token.TokenProperties;
import dev.authflux.user.InvalidCredentialsException;
import dev.authflux.user.User;
import dev.authflux.user.UserService;
import dev.authflux.audit.ClientInfo;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Logins, refresh-token rotation with reuse detection (RFC 9700 §4.14.2), and revocation.
 * A session is live while it is neither revoked nor expired; every protected request
 * checks that, so revocation is immediate for this service and for introspection.
 */
@Service
public class SessionService {

	private static final String[] NO_SCOPE = new String[0];

	/** RFC 8176's method of a login by password alone. */
	private static final List<String> PASSWORD = List.of("pwd");

	/**
	 * RFC 8176 has no value for WebAuthn; "webauthn" is the contract's and common use.
	 */
	private static final List<String> PASSKEY = List.of("webauthn");

	private final SessionRepository sessions;

	private final ClientSessionRepository clientSessions;

	private final LiveSessionCache liveSessions;

	private final UserService users;

	private final AccessTokens accessTokens;

	private final RefreshTokens refreshTokens;

	private final SessionProperties properties;

	private final TokenProperties tokenProperties;

	private final MfaService mfa;

	SessionService(SessionRepository sessions, ClientSessionRepository clientSessions, LiveSessionCache liveSessions,
			UserService users, AccessTokens accessTokens, RefreshTokens refreshTokens, SessionProperties properties,
			TokenProperties tokenProperties, MfaService mfa) {
		this.mfa = mfa;
		this.sessions = sessions;
		this.clientSessions = clientSessions;
		this.liveSessions = liveSessions;
		this.users = users;
		this.accessTokens = accessTokens;
		this.refreshTokens = refreshTokens;
		this.properties = properties;
		this.tokenProperties = tokenProperties;
	}

	/**
	 * A new session for the account, with the device token its client is to send with
	 * later logins; for an account with a second factor, the challenge that asks for it
	 * instead.
	 */
	public Mono<LoginOutcome> login(String username, String password, String deviceToken, ClientInfo client) {
		return this.users.authenticate(username, password, deviceToken, client)
			.flatMap((authenticated) -> authenticated.user().secondFactor()
					? this.mfa.challenge(authenticated.user()).map(SecondFactorRequired::of)
					: start(authenticated.user(), PASSWORD, client)
						.map((tokens) -> tokens.withDeviceToken(authenticated.deviceToken())));
	}

	/**
	 * The second step of a login: a session once the code of the account's second factor
	 * is right, its access tokens carrying what the login proved ({@code amr}).
	 * @param recovery whether {@code code} is a recovery code rather than a TOTP code
	 */
	public Mono<TokenResponse> loginWithSecondFactor(String mfaToken, String code, boolean recovery, String deviceToken,
			ClientInfo client) {
		return this.mfa.completeLogin(mfaToken, code, recovery, deviceToken, client)
			.flatMap((login) -> start(login.user(), login.amr(), client)
				.map((tokens) -> tokens.withDeviceToken(login.deviceToken())));
	}

	/**
	 * The second step of a login answered with one of the account's passkeys: a session
	 * whose access tokens carry {@code amr} {@code ["pwd", "webauthn"]}.
	 */
	public Mono<TokenResponse> loginWithPasskeyAsSecondFactor(String mfaToken, String credentialJson,
			String deviceToken, ClientInfo client) {
		return this.mfa.completeLoginWithPasskey(mfaToken, credentialJson, deviceToken, client)
			.flatMap((login) -> start(login.user(), login.amr(), client)
				.map((tokens) -> tokens.withDeviceToken(login.deviceToken())));
	}

	/**
	 * A new session for an account that proved itself with a passkey instead of a
	 * password ({@code passkey.PasskeyService}): the same session as a login's.
	 */
	public Mono<TokenResponse> startWithPasskey(User user, ClientInfo client) {
		return start(user, PASSKEY, client);
	}

	/**
	 * Exchanges a refresh token for a new pair. The presented token is spent; presenting
	 * it again later revokes the whole session, because then either the client or a thief
	 * holds a copy and there is no telling which. That holds while it is one of the
	 * session's latest {@link SessionProperties#reuseHistory()} rotated tokens; an older
	 * one is forgotten and merely invalid, so that a session's storage stays bounded.
	 */
	public Mono<TokenResponse> refresh(String refreshToken, ClientInfo client) {
		byte[] presented = RefreshTokens.hash(refreshToken);
		String next = this.refreshTokens.generate();
		// Only tokens of the service's own sessions: a client's are spent at the token
		// endpoint, with the client authenticated.
		return rotate(presented, next, null, NO_SCOPE, client)
			.switchIfEmpty(Mono.error(InvalidRefreshTokenException::new))
			.flatMap((session) -> this.accessTokens
				.issue(session.userId(), session.username(), session.id(), session.amr())
				.map((access) -> tokenResponse(access, next, session.expiresInSeconds(), session.id())));
	}

	/**
	 * The refresh token grant of an OAuth client: the same rotation and reuse detection
	 * as {@link #refresh}, for this client's sessions only, and only while the scope is
	 * within the session's grant. A reused token ends that client session alone.
	 * @param scopeWithin the scope tokens the new access token is to carry (none: the
	 * whole grant)
	 * @return the refreshed session, or {@link InvalidRefreshTokenException} if the token
	 * cannot be used, {@link ScopeBeyondGrantException} if only the scope is wrong
	 */
	public Mono<RefreshedClientSession> refreshForClient(String refreshToken, String clientId, Set<String> scopeWithin,
			ClientInfo client) {
		byte[] presented = RefreshTokens.hash(refreshToken);
		String next = this.refreshTokens.generate();
		return rotate(presented, next, clientId, scopeWithin.toArray(String[]::new), client)
			.map((session) -> new RefreshedClientSession(session.id(), session.userId(), session.username(),
					session.scope(), session.authTime(), session.parentId(), next, session.amr()))
			.switchIfEmpty(Mono.defer(() -> this.clientSessions.isUsableRefreshToken(presented, clientId)
				.flatMap((usable) -> usable ? Mono.error(new ScopeBeyondGrantException())
						: this.clientSessions.auditRefreshTokenOfAnother(presented, clientId, client)
							.then(Mono.error(new InvalidRefreshTokenException())))));
	}

	/**
	 * Rotates the token, or revokes its session if it was already rotated (then empty).
	 */
	private Mono<SessionRepository.RotatedSession> rotate(byte[] presented, String next, String clientId,
			String[] scopeWithin, ClientInfo client) {
		return this.sessions
			.rotate(presented, RefreshTokens.hash(next), this.properties.refreshTokenTtl(),
					this.properties.reuseHistory(), clientId, scopeWithin)
			.switchIfEmpty(Mono.defer(() -> this.sessions.revokeOnReuse(presented, clientId, client)
				.doOnNext(this.liveSessions::forget)
				.flatMap((revoked) -> Mono.error(new InvalidRefreshTokenException()))));
	}

	/**
	 * A session for the original service's endpoint: one access token, no refresh token.
	 */
	public Mono<IssuedAccessToken> startWithoutRefresh(User user, ClientInfo client) {
		return this.sessions
			.createWithoutRefresh(user.id(), user.passwordChangedAt(), client, this.tokenProperties.accessTokenTtl())
			// The password changed, or the account went or was disabled, since it was
			// verified.
			.switchIfEmpty(Mono.error(InvalidCredentialsException::new))
			.flatMap((sessionId) -> this.accessTokens.issue(user.id(), user.username(), sessionId));
	}

	/**
	 * A session of an OAuth client for the user of a live browser session (authorization
	 * code grant), ending with the browser session. Without offline access it also ends
	 * with its one access token; with it, it has a refresh token and lives as an API
	 * session does.
	 * @param sessionId the new session's id, chosen by the caller (it is recorded with
	 * the code before the session exists)
	 * @param scope the granted scope, which a refresh may narrow but never widen
	 * @param offline whether offline access was granted: then a refresh token too
	 * @return the session, or empty if the browser session has ended
	 */
	public Mono<ClientSession> startForClient(UUID sessionId, UUID browserSessionId, String clientId, String scope,
			boolean offline, ClientInfo client) {
		if (!offline) {
			Duration lifetime = this.tokenProperties.accessTokenTtl();
			return this.clientSessions
				.createForClient(sessionId, browserSessionId, clientId, scope, null, lifetime, lifetime, client)
				.map((started) -> new ClientSession(
						new AuthenticatedSession(started.session().id(), started.session().user()), null,
						started.amr()));
		}
		String refreshToken = this.refreshTokens.generate();
		return this.clientSessions
			.createForClient(sessionId, browserSessionId, clientId, scope, RefreshTokens.hash(refreshToken),
					this.properties.refreshTokenTtl(), this.properties.maxLifetime(), client)
			.map((started) -> new ClientSession(
					new AuthenticatedSession(started.session().id(), started.session().user()), refreshToken,
					started.amr()));
	}

	/**
	 * RFC 7009: ends this client's session that the refresh token belongs to. A token of
	 * another client's session is audited and left alone.
	 * @return whether a session ended
	 */
	public Mono<Boolean> revokeByRefreshToken(String refreshToken, String clientId, ClientInfo client) {
		byte[] hash = RefreshTokens.hash(refreshToken);
		return this.clientSessions.revokeByRefreshToken(hash, clientId, client)
			.doOnNext(this.liveSessions::forget)
			.map((revoked) -> true)
			.switchIfEmpty(Mono
				.defer(() -> this.clientSessions.auditRefreshTokenOfAnother(hash, clientId, client).thenReturn(false)));
	}

	/**
	 * RFC 7009 for an access token: ends its session if it is this client's; a session of
	 * anyone else is audited and left alone.
	 * @return whether a session ended
	 */
	public Mono<Boolean> revokeClientSession(AccessTokenClaims claims, String clientId, ClientInfo client) {
		if (claims.isClientToken()) {
			return Mono.just(false);
		}
		if (!clientId.equals(claims.clientId())) {
			return this.clientSessions.auditSessionOfAnother(claims.sessionId(), clientId, client).thenReturn(false);
		}
		return this.clientSessions.revokeClientSession(claims.sessionId(), clientId, client)
			.doOnNext(this.liveSessions::forget)
			.map((revoked) -> true)
			.defaultIfEmpty(false);
	}

	/** Ends a client's session whose authorization code was presented again. */
	public Mono<Void> revokeOnCodeReuse(UUID sessionId, ClientInfo client) {
		return this.clientSessions.revokeOnCodeReuse(sessionId, client).doOnNext(this.liveSessions::forget).then();
	}

	/** The caller behind verified claims, or empty if the session is no longer live. */
	public Mono<AuthenticatedSession> authenticate(AccessTokenClaims claims) {
		if (claims.isClientToken()) {
			// A client's own token (client credentials) stands for no user.
			return Mono.empty();
		}
		return this.liveSessions.find(claims.sessionId())
			.filter((session) -> session.user().id().equals(claims.userId()))
			.map((session) -> new AuthenticatedSession(session.id(), session.user(), claims.scope()));
	}

	public Flux<SessionView> list(AuthenticatedSession caller) {
		return this.sessions.findLiveOf(caller.user().id())
			.map((session) -> new SessionView(session.id(), session.kind(), session.clientId(), session.scope(),
					session.createdAt(), session.lastUsedAt(), session.expiresAt(), session.userAgent(), session.ip(),
					session.id().equals(caller.sessionId())));
	}

	/**
	 * Revokes one of the caller's live sessions; anyone else's is reported as not found.
	 */
	public Mono<Void> revoke(AuthenticatedSession caller, UUID sessionId, ClientInfo client) {
		return revoke(caller, sessionId, RevokeReason.REVOKED, client)
			.flatMap((revoked) -> revoked ? Mono.empty() : Mono.error(new SessionNotFoundException()));
	}

	public Mono<Void> logout(AuthenticatedSession caller, ClientInfo client) {
		return revoke(caller, caller.sessionId(), RevokeReason.LOGOUT, client).then();
	}

	public Mono<Void> revokeAll(AuthenticatedSession caller, ClientInfo client) {
		return this.sessions.revokeAll(caller.user().id(), RevokeReason.REVOKED_ALL, client)
			.doOnNext(this.liveSessions::forget)
			.then();
	}

	/**
	 * An operator's revocation of every session of a user, on every instance: this one
	 * forgets them before it answers, the others on the database's notification.
	 */
	public Mono<Void> revokeAllOf(UUID userId, ClientInfo client) {
		return this.sessions.revokeAll(userId, RevokeReason.OPERATOR, client)
			.doOnNext(this.liveSessions::forget)
			.then();
	}

	/** The instance that ends a session forgets it before it answers. */
	private Mono<Boolean> revoke(AuthenticatedSession caller, UUID sessionId, RevokeReason reason, ClientInfo client) {
		// A browser session's client sessions end with it (a trigger revokes them): this
		// instance forgets them too before it answers.
		return this.sessions.revoke(caller.user().id(), sessionId, reason, client)
			.flatMap((revoked) -> revoked ? this.clientSessions.childrenOf(sessionId)
				.doOnNext(this.liveSessions::forget)
				.then(Mono.fromRunnable(() -> this.liveSessions.forget(sessionId)))
				.thenReturn(true) : Mono.just(false));
	}

	private Mono<TokenResponse> start(User user, List<String> amr, ClientInfo client) {
		String refreshToken = this.refreshTokens.generate();
		return this.sessions
			.create(user.id(), user.passwordChangedAt(), RefreshTokens.hash(refreshToken), amr, client,
					this.properties.refreshTokenTtl(), this.properties.maxLifetime())
			// The password changed, or the account went or was disabled, since it was
			// verified.
			.switchIfEmpty(Mono.error(InvalidCredentialsException::new))
			.flatMap((session) -> this.accessTokens.issue(user.id(), user.username(), session.id(), amr)
				.map((access) -> tokenResponse(access, refreshToken, session.expiresInSeconds(), session.id())));
	}

	private static TokenResponse tokenResponse(IssuedAccessToken access, String refreshToken, long refreshExpiresIn,
			UUID sessionId) {
		return new TokenResponse(access.value(), "Bearer", access.expiresInSeconds(), refreshToken, refreshExpiresIn,
				sessionId, null);
	}

}
