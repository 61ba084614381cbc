package dev.authflux.session;

import java.util.UUID;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A token pair in the shape of RFC 6749 §5.1, plus the session it belongs to. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
		long refreshExpiresIn, UUID sessionId) {

	@Override
	public String toString() {
		return "TokenResponse[sessionId=" + this.sessionId + "]";
	}

}
