package dev.authflux.session;

import java.util.List;

/**
 * A session an authorization code started for a client.
 *
 * @param session the session and its user
 * @param refreshToken its first refresh token, or null when offline access was not
 * granted
 * @param amr the authentication methods of the browser session's sign-in (RFC 8176)
 */
public record ClientSession(AuthenticatedSession session, String refreshToken, List<String> amr) {

	@Override
	public String toString() {
		return "ClientSession[sessionId=" + this.session.sessionId() + "]";
	}

}
