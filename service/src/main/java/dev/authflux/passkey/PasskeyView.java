package dev.authflux.passkey;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A passkey as its owner sees it: never its key or credential id.
 *
 * @param lastUsedAt when it last logged in, or null if it never has
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PasskeyView(UUID id, String name, Instant createdAt, Instant lastUsedAt) {
}
