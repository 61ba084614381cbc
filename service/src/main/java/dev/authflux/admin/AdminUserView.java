package dev.authflux.admin;

import java.time.Instant;
import java.util.UUID;

import dev.authflux.user.User;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * An account as an operator sees it: with its state, never its password hash.
 *
 * @param id the user id
 * @param username the name in the case first registered
 * @param createdAt when the account was registered
 * @param disabled whether an operator disabled it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AdminUserView(UUID id, String username, Instant createdAt, boolean disabled) {

	static AdminUserView of(User user) {
		return new AdminUserView(user.id(), user.username(), user.createdAt(), user.disabled());
	}

}
