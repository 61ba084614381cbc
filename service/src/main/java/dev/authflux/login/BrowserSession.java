package dev.authflux.login;

import java.time.Instant;
import java.util.UUID;

import dev.authflux.user.UserProfile;

/**
 * A browser's live single-sign-on session: a row of {@code sessions} of kind
 * {@code browser}, listed and revocable through {@code /api/v1/sessions} like every
 * other.
 *
 * @param sessionId the session's id (the {@code sid} an ID token would carry)
 * @param user the signed-in account
 * @param authTime when its user entered the password (OpenID Connect's {@code auth_time})
 */
public record BrowserSession(UUID sessionId, UserProfile user, Instant authTime) {

	public UUID userId() {
		return this.user.id();
	}

	public String username() {
		return this.user.username();
	}

}
