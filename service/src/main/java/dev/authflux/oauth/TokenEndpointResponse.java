package dev.authflux.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A successful token response (RFC 6749 §5.1).
 *
 * @param accessToken the access token
 * @param tokenType always {@code Bearer}
 * @param expiresIn its lifetime in seconds
 * @param refreshToken the (next) refresh token, or null when none was issued
 * @param scope the granted scope, or null when none was granted
 * @param idToken the ID token, or null when {@code openid} was not granted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record TokenEndpointResponse(String accessToken, String tokenType, long expiresIn, String refreshToken, String scope,
		String idToken) {

	TokenEndpointResponse(String accessToken, String tokenType, long expiresIn, String scope) {
		this(accessToken, tokenType, expiresIn, null, scope, null);
	}

	@Override
	public String toString() {
		return "TokenEndpointResponse[expiresIn=" + this.expiresIn + ", scope=" + this.scope + "]";
	}

}
