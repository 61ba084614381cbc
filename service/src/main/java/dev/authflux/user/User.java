package dev.authflux.user;

import java.time.Instant;
import java.util.UUID;

/**
 * An account.
 *
 * @param id the user id, the {@code sub} of its access tokens
 * @param username the name in the case first registered
 * @param passwordHash the argon2id hash in PHC format
 * @param createdAt when the account was registered
 */
public record User(UUID id, String username, String passwordHash, Instant createdAt) {

	/** The account without its password hash. */
	public UserProfile profile() {
		return new UserProfile(this.id, this.username, this.createdAt);
	}

	@Override
	public String toString() {
		return "User[id=" + this.id + ", username=" + this.username + "]";
	}

}
