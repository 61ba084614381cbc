package dev.authflux.user;

/**
 * An account whose password was just checked.
 *
 * @param user the account
 * @param deviceToken the device token the client is to send with its next logins, or
 * {@code null} where none is handed out (confirmations, the original service's endpoint)
 */
public record Authenticated(User user, String deviceToken) {

	@Override
	public String toString() {
		return "Authenticated[user=" + this.user.id() + "]";
	}

}
