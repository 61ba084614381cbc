package dev.authflux.oauth;

import java.util.Optional;
import java.util.Set;

import dev.authflux.audit.ClientInfo;
import dev.authflux.client.ClientMetadata;
import dev.authflux.client.RegisteredClient;
import dev.authflux.client.Scopes;
import dev.authflux.session.InvalidRefreshTokenException;
import dev.authflux.session.RefreshedClientSession;
import dev.authflux.session.ScopeBeyondGrantException;
import dev.authflux.session.SessionService;
import dev.authflux.token.AccessTokens;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The refresh token grant (RFC 6749 §6) of a client's session: rotated, and reuse
 * detected, as {@code /api/v1/sessions/refresh} does ({@link SessionService}). The token
 * must be this client's; {@code scope} may narrow the session's grant for the new access
 * token, never widen it. With {@code openid} in scope an ID token comes too (OpenID
 * Connect Core 1.0 §12.2).
 */
@Component
class RefreshTokenGrant {

	private final SessionService sessions;

	private final AccessTokens accessTokens;

	private final ClientIdTokens idTokens;

	RefreshTokenGrant(SessionService sessions, AccessTokens accessTokens, ClientIdTokens idTokens) {
		this.sessions = sessions;
		this.accessTokens = accessTokens;
		this.idTokens = idTokens;
	}

	/**
	 * @param requestedScope the {@code scope} parameter, or null if it was not sent
	 */
	Mono<TokenEndpointResponse> issue(RegisteredClient client, String refreshToken, String requestedScope,
			ClientInfo caller) {
		return Mono.defer(() -> {
			if (!client.metadata().hasGrant(ClientMetadata.REFRESH_TOKEN)) {
				return Mono.error(TokenRequestException.unauthorizedClient());
			}
			if (refreshToken == null) {
				return Mono.error(TokenRequestException.invalidRequest("refresh_token is required."));
			}
			Set<String> requested = (requestedScope != null) ? Scopes.parse(requestedScope) : Set.of();
			if (requested == null) {
				return Mono.error(TokenRequestException.invalidScope("The scope is not a list of scope tokens."));
			}
			return this.sessions.refreshForClient(refreshToken, client.clientId(), requested, caller)
				.onErrorMap(InvalidRefreshTokenException.class,
						(ex) -> TokenRequestException
							.invalidGrant("The refresh token is invalid, expired, revoked or another client's."))
				.onErrorMap(ScopeBeyondGrantException.class,
						(ex) -> TokenRequestException.invalidScope("The scope is beyond what was granted."))
				.flatMap((session) -> respond(client, session,
						(requestedScope != null) ? String.join(" ", requested) : session.grantedScope()));
		});
	}

	private Mono<TokenEndpointResponse> respond(RegisteredClient client, RefreshedClientSession session, String scope) {
		return this.accessTokens
			.issueForClientSession(session.userId(), session.username(), session.sessionId(), client.clientId(), scope,
					session.amr())
			.flatMap((access) -> this.idTokens
				.issue(client.clientId(), scope, session.userId(), session.authTime(), session.browserSessionId(), null,
						session.amr())
				.map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.map((idToken) -> new TokenEndpointResponse(access.value(), "Bearer", access.expiresInSeconds(),
						session.refreshToken(), scope, idToken.orElse(null))));
	}

}
