package dev.authflux.session;

import dev.authflux.user.CredentialRules;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/sessions/refresh}. The bound is loose (a refresh token has
 * 43 characters): an access token sent by mistake, {@code amr} and all, is answered as
 * the invalid refresh token it is rather than as too long.
 */
public record RefreshRequest(
		@NotNull(message = CredentialRules.REQUIRED) @Size(max = 1024, message = "is too long") String refreshToken) {

	@Override
	public String toString() {
		return "RefreshRequest[]";
	}

}
