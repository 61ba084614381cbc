package dev.authflux.recovery;

import dev.authflux.user.CredentialRules;
import dev.authflux.user.PasswordLength;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/password-resets/confirm}: the token from the mail and the
 * new password. Any string that is not a token gets the same {@code invalid_token} as a
 * used or expired one.
 */
record PasswordResetConfirmation(
		@NotNull(message = CredentialRules.REQUIRED) @Size(max = 512, message = "is too long") String token,
		@NotNull(message = CredentialRules.REQUIRED) @PasswordLength String newPassword) {

	@Override
	public String toString() {
		return "PasswordResetConfirmation[]";
	}

}
