package dev.authflux.recovery;

import dev.authflux.user.CredentialRules;
import dev.authflux.user.EmailRules;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/password-resets}. */
record PasswordResetRequest(@NotNull(message = CredentialRules.REQUIRED) @Size(max = EmailRules.MAX_LENGTH,
		message = EmailRules.TOO_LONG) @Pattern(regexp = EmailRules.PATTERN,
				message = EmailRules.MESSAGE) String email) {

	@Override
	public String toString() {
		return "PasswordResetRequest[]";
	}

}
