package dev.authflux.mfa;

import java.util.List;

import dev.authflux.user.User;

/**
 * A login whose second step succeeded.
 *
 * @param user the account
 * @param amr the authentication methods (RFC 8176) the login proved
 * @param deviceToken the device token its client is to send with later logins
 */
public record SecondFactorLogin(User user, List<String> amr, String deviceToken) {

	@Override
	public String toString() {
		return "SecondFactorLogin[user=" + this.user.id() + ", amr=" + this.amr + "]";
	}

}
