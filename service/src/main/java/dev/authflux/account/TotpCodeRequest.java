package dev.authflux.account;

import dev.authflux.user.CredentialRules;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/users/me/mfa/totp/confirm} and
 * {@code DELETE /api/v1/users/me/mfa/totp}: a TOTP code, or for the latter a recovery
 * code too.
 */
record TotpCodeRequest(
		@NotNull(message = CredentialRules.REQUIRED) @Size(min = 1, max = 64, message = "is too long") String code) {

	@Override
	public String toString() {
		return "TotpCodeRequest[]";
	}

}
