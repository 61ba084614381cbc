package dev.authflux.passkey;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/sessions/mfa/passkey-options}: the {@code mfa_token} of a
 * login's first step.
 */
record SecondFactorOptionsRequest(
		@NotNull(message = "is required") @Size(max = 256, message = "is too long") String mfaToken) {

	@Override
	public String toString() {
		return "SecondFactorOptionsRequest[]";
	}

}
