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
 * @param passwordChangedAt when its password was last set (registration or change): what
 * a login or a change that verified the password expects to find unchanged. Not the hash,
 * which a rehash with the configured parameters replaces while the password stays the
 * same.
 * @param disabledAt when an operator disabled the account, or {@code null} if it is
 * enabled
 * @param secondFactor whether a login needs a second factor after the password (a
 * confirmed TOTP)
 */
public record User(UUID id, String username, String passwordHash, Instant createdAt, Instant passwordChangedAt,
		Instant disabledAt, boolean secondFactor) {

	/** Whether an operator disabled the account: then no login may start a session. */
	public boolean disabled() {
		return this.disabledAt != null;
	}

	/** The account without its password hash. */
	public UserProfile profile() {
		return new UserProfile(this.id, this.username, this.createdAt);
	}

	@Override
	public String toString() {
		return "User[id=" + this.id + ", username=" + this.username + "]";
	}

}
