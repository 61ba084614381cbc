package dev.authflux.oauth;

import dev.authflux.audit.ClientInfo;
import dev.authflux.client.RegisteredClient;
import dev.authflux.session.SessionService;
import dev.authflux.token.AccessTokens;
import dev.authflux.token.InvalidTokenException;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Token revocation (RFC 7009 §2.1) for an authenticated client: a refresh token ends its
 * session; so does an access token with a {@code sid}, since an access token lives as
 * long as its session does. A token of another client is audited and left alone, and the
 * answer is the same as for an unknown one, so a client learns nothing about tokens it
 * was not issued. A client's own token (client credentials) has no session and stays
 * valid until it expires.
 */
@Component
class TokenRevocation {

	private final SessionService sessions;

	private final AccessTokens accessTokens;

	TokenRevocation(SessionService sessions, AccessTokens accessTokens) {
		this.sessions = sessions;
		this.accessTokens = accessTokens;
	}

	/**
	 * Revokes what the token stands for, if it is the client's; completes either way. The
	 * hint is not needed: a refresh token is opaque, an access token a JWT, and the one
	 * that does not match is tried too (§2.1).
	 */
	Mono<Void> revoke(RegisteredClient client, String token, ClientInfo caller) {
		return this.sessions.revokeByRefreshToken(token, client.clientId(), caller)
			.flatMap((revoked) -> (revoked || !token.contains(".")) ? Mono.empty()
					: revokeAccessToken(client, token, caller));
	}

	private Mono<Void> revokeAccessToken(RegisteredClient client, String token, ClientInfo caller) {
		return this.accessTokens.verify(token)
			.flatMap((claims) -> this.sessions.revokeClientSession(claims, client.clientId(), caller))
			// An expired, forged or malformed token: nothing to revoke (§2.2).
			.onErrorResume(InvalidTokenException.class, (ex) -> Mono.empty())
			.then();
	}

}
