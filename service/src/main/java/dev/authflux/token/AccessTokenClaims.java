package dev.authflux.token;

import java.time.Instant;
import java.util.UUID;

/**
 * What a verified access token says.
 *
 * @param userId {@code sub}
 * @param sessionId {@code sid}
 * @param username {@code preferred_username}
 * @param issuedAt {@code iat}
 * @param expiresAt {@code exp}
 */
public record AccessTokenClaims(UUID userId, UUID sessionId, String username, Instant issuedAt, Instant expiresAt) {
}
