package dev.authflux.user;

/**
 * An account's email address and whether its owner proved to read it.
 *
 * @param email the address, or {@code null} if the account has none
 * @param verified whether a token mailed to it came back
 */
public record EmailStatus(String email, boolean verified) {

	public static final EmailStatus NONE = new EmailStatus(null, false);

	@Override
	public String toString() {
		return "EmailStatus[verified=" + this.verified + "]";
	}

}
