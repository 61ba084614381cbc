package dev.authflux.user;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/users}, and of the original service's
 * {@code POST /api/auth}. The rest of the {@link PasswordPolicy} applies only when an
 * account is created, since the original service's endpoint also logs in. The optional
 * {@code email} is read by {@code POST /api/v1/users} only.
 */
public record RegistrationRequest(
		@NotNull(message = CredentialRules.REQUIRED) @Pattern(regexp = CredentialRules.USERNAME_PATTERN,
				message = CredentialRules.USERNAME_MESSAGE) String username,
		@NotNull(message = CredentialRules.REQUIRED) @PasswordLength String password,
		@Size(max = EmailRules.MAX_LENGTH, message = EmailRules.TOO_LONG) @Pattern(regexp = EmailRules.PATTERN,
				message = EmailRules.MESSAGE) String email) {

	@Override
	public String toString() {
		return "RegistrationRequest[username=" + this.username + "]";
	}

}
