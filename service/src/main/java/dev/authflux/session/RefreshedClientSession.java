package dev.authflux.session;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A client's session after its refresh token was rotated: what the new access and ID
 * tokens need.
 *
 * @param sessionId the client session, the access token's {@code sid}
 * @param userId the user
 * @param username the user's name
 * @param grantedScope the scope granted when the session started
 * @param authTime when the user last entered a password
 * @param browserSessionId the browser session it was started from (the ID token's
 * {@code sid}), or null if that is gone
 * @param refreshToken the next refresh token
 * @param amr the authentication methods of the sign-in the session started from
 */
public record RefreshedClientSession(UUID sessionId, UUID userId, String username, String grantedScope,
		Instant authTime, UUID browserSessionId, String refreshToken, List<String> amr) {

	@Override
	public String toString() {
		return "RefreshedClientSession[sessionId=" + this.sessionId + "]";
	}

}
