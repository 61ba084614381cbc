package dev.authflux.session;

import java.time.Instant;
import java.util.UUID;

import dev.authflux.user.UserProfile;

/**
 * A session that was live when read: not revoked and not expired.
 *
 * @param id the session id, the {@code sid} of its access tokens
 * @param user the session's account
 * @param expiresAt when it ends unless refreshed before
 */
record LiveSession(UUID id, UserProfile user, Instant expiresAt) {
}
