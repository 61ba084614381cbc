package dev.authflux.session;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A token pair in the shape of RFC 6749 §5.1, plus the session it belongs to. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
		long refreshExpiresIn, UUID sessionId,
		@JsonInclude(JsonInclude.Include.NON_NULL) String deviceToken) implements LoginOutcome {

	/** The same pair, with the device token a login hands to its client. */
	TokenResponse withDeviceToken(String token) {
		return new TokenResponse(this.accessToken, this.tokenType, this.expiresIn, this.refreshToken,
				this.refreshExpiresIn, this.sessionId, token);
	}

	@Override
	public String toString() {
		return "TokenResponse[sessionId=" + this.sessionId + "]";
	}

}
