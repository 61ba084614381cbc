package dev.authflux.session;

/**
 * A session an authorization code started for a client.
 *
 * @param session the session and its user
 * @param refreshToken its first refresh token, or null when offline access was not
 * granted
 */
public record ClientSession(AuthenticatedSession session, String refreshToken) {

	@Override
	public String toString() {
		return "ClientSession[sessionId=" + this.session.sessionId() + "]";
	}

}
