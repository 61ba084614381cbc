package dev.authflux.account;

import dev.authflux.user.CredentialRules;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/users/me/mfa/totp}. */
record TotpEnrollmentRequest(@NotNull(message = CredentialRules.REQUIRED) @Size(max = 4 * CredentialRules.PASSWORD_MAX,
		message = "is too long") String password) {

	@Override
	public String toString() {
		return "TotpEnrollmentRequest[]";
	}

}
