package dev.authflux.user;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.CodePointLength;

/** Body of {@code PUT /api/v1/users/me/password}. */
public record PasswordChangeRequest(
		@NotNull(message = CredentialRules.REQUIRED) @Size(max = 4 * CredentialRules.PASSWORD_MAX,
				message = "is too long") String currentPassword,
		@NotNull(message = CredentialRules.REQUIRED) @CodePointLength(min = CredentialRules.PASSWORD_MIN,
				max = CredentialRules.PASSWORD_MAX, message = CredentialRules.PASSWORD_MESSAGE) String newPassword) {

	@Override
	public String toString() {
		return "PasswordChangeRequest[]";
	}

}
