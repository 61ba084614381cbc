package dev.authflux.account;

import dev.authflux.user.User;
import dev.authflux.user.UserProfile;
import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** An account as clients see it: never the password hash. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserResponse(UUID id, String username, Instant createdAt) {

	public static UserResponse of(User user) {
		return of(user.profile());
	}

	public static UserResponse of(UserProfile user) {
		return new UserResponse(user.id(), user.username(), user.createdAt());
	}

}
