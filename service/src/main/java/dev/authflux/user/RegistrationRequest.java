package dev.authflux.user;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.CodePointLength;

/**
 * Body of {@code POST /api/v1/users}, and of the original service's
 * {@code POST /api/auth}.
 */
public record RegistrationRequest(
		@NotNull(message = CredentialRules.REQUIRED) @Pattern(regexp = CredentialRules.USERNAME_PATTERN,
				message = CredentialRules.USERNAME_MESSAGE) String username,
		@NotNull(message = CredentialRules.REQUIRED) @CodePointLength(min = CredentialRules.PASSWORD_MIN,
				max = CredentialRules.PASSWORD_MAX, message = CredentialRules.PASSWORD_MESSAGE) String password) {

	@Override
	public String toString() {
		return "RegistrationRequest[username=" + this.username + "]";
	}

}
