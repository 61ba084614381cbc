package dev.authflux.session;

import dev.authflux.user.CredentialRules;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/sessions}. Only presence and an upper bound are checked: a
 * name or password that breaks the registration rules simply does not match any account.
 * {@code device_token}, optional, is the one an earlier login of this client answered
 * with: it lets the account recognise the client from any network.
 */
public record LoginRequest(
		@NotNull(message = CredentialRules.REQUIRED) @Size(max = 64, message = "is too long") String username,
		@NotNull(message = CredentialRules.REQUIRED) @Size(max = 4 * CredentialRules.PASSWORD_MAX,
				message = "is too long") String password,
		@Size(max = 256, message = "is too long") String deviceToken) {

	@Override
	public String toString() {
		return "LoginRequest[username=" + this.username + "]";
	}

}
