package dev.authflux.account;

import dev.authflux.user.EmailStatus;
import dev.authflux.user.UserProfile;
import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * An account as clients see it: never the password hash. {@code email} is null for an
 * account without one.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserResponse(UUID id, String username, Instant createdAt, String email, boolean emailVerified) {

	public static UserResponse of(UserProfile user, EmailStatus email) {
		return new UserResponse(user.id(), user.username(), user.createdAt(), email.email(), email.verified());
	}

}
