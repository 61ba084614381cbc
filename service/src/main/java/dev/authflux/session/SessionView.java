package dev.authflux.session;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A live session as its owner sees it in {@code GET /api/v1/sessions}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SessionView(UUID id, Instant createdAt, Instant lastUsedAt, Instant expiresAt, String userAgent,
		String ip, boolean current) {
}
