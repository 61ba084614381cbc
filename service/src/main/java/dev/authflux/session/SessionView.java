package dev.authflux.session;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A live session as its owner sees it in {@code GET /api/v1/sessions}: {@code kind} says
 * how it began ({@code api}, {@code browser} or {@code client}), so that a user can tell
 * which application holds it; {@code clientId} and {@code scope} are a client session's.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SessionView(UUID id, String kind, String clientId, String scope, Instant createdAt, Instant lastUsedAt,
		Instant expiresAt, String userAgent, String ip, boolean current) {
}
