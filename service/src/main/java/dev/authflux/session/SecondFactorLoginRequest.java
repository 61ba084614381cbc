package dev.authflux.session;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/v1/sessions/mfa}: the {@code mfa_token} of the first step and
 * exactly one of {@code totp_code}, {@code recovery_code} and {@code credential} (a
 * passkey's assertion as its {@code toJSON()} gives it); {@code device_token} as at the
 * first step.
 */
public record SecondFactorLoginRequest(
		@NotNull(message = "is required") @Size(max = 256, message = "is too long") String mfaToken,
		@Pattern(regexp = "[0-9]{6}", message = "must be 6 digits") String totpCode,
		@Size(max = 64, message = "is too long") String recoveryCode, JsonNode credential,
		@Size(max = 256, message = "is too long") String deviceToken) {

	@Override
	public String toString() {
		return "SecondFactorLoginRequest[]";
	}

}
