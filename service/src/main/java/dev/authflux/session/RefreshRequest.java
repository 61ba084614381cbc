package dev.authflux.session;

import dev.authflux.user.CredentialRules;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/sessions/refresh}. */
public record RefreshRequest(
		@NotNull(message = CredentialRules.REQUIRED) @Size(max = 512, message = "is too long") String refreshToken) {

	@Override
	public String toString() {
		return "RefreshRequest[]";
	}

}
