package dev.authflux.account;

import dev.authflux.user.CredentialRules;
import dev.authflux.user.PasswordLength;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code PUT /api/v1/users/me/password}. */
public record PasswordChangeRequest(
		@NotNull(message = CredentialRules.REQUIRED) @Size(max = 4 * CredentialRules.PASSWORD_MAX,
				message = "is too long") String currentPassword,
		@NotNull(message = CredentialRules.REQUIRED) @PasswordLength String newPassword) {

	@Override
	public String toString() {
		return "PasswordChangeRequest[]";
	}

}
