package dev.authflux.passkey;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/v1/users/me/passkeys}: the browser's credential as its
 * {@code toJSON()} gives it, and an optional name for the list.
 */
record PasskeyRegistrationRequest(JsonNode credential,
		@Size(min = 1, max = 64, message = "must be 1 to 64 characters") @Pattern(regexp = "[^\\p{Cntrl}]*",
				message = "must not contain control characters") String name) {
}
