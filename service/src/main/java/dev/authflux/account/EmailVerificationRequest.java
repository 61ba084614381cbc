package dev.authflux.account;

import dev.authflux.user.CredentialRules;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/email-verifications}: the token from the mail. Any string
 * that is not one gets the same {@code invalid_token} as a used or expired one.
 */
record EmailVerificationRequest(
		@NotNull(message = CredentialRules.REQUIRED) @Size(max = 512, message = "is too long") String token) {

	@Override
	public String toString() {
		return "EmailVerificationRequest[]";
	}

}
