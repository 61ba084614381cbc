package dev.authflux.user;

import java.time.Instant;
import java.util.UUID;

/**
 * An account as its sessions know it: what never changes while it exists, and never its
 * password hash, so it can be cached with the session.
 *
 * @param id the user id, the {@code sub} of its access tokens
 * @param username the name in the case first registered
 * @param createdAt when the account was registered
 */
public record UserProfile(UUID id, String username, Instant createdAt) {
}
