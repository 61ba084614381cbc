package dev.authflux.token;

import java.time.Instant;
import java.util.UUID;

/**
 * What a verified access token says. A token of a user's session has {@code sid}; a token
 * a client got for itself (client credentials, RFC 9068 §2.2 with {@code sub} the client
 * id) has none, and no user.
 *
 * @param userId {@code sub} of a user's token; null in a client's token
 * @param sessionId {@code sid}; null in a client's token
 * @param username {@code preferred_username}, if any
 * @param issuedAt {@code iat}
 * @param expiresAt {@code exp}
 * @param clientId {@code client_id}, if any: the OAuth client the token was issued to
 * @param scope {@code scope}, if any
 */
public record AccessTokenClaims(UUID userId, UUID sessionId, String username, Instant issuedAt, Instant expiresAt,
		String clientId, String scope) {

	/** A token of a user's session, issued by this service's own API. */
	public AccessTokenClaims(UUID userId, UUID sessionId, String username, Instant issuedAt, Instant expiresAt) {
		this(userId, sessionId, username, issuedAt, expiresAt, null, null);
	}

	/**
	 * Whether the token stands for a client itself rather than a user's session: it has
	 * no session, so nothing that serves users accepts it.
	 */
	public boolean isClientToken() {
		return this.sessionId == null;
	}

}
