package dev.authflux.oauth;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/**
 * A token request refused with one of RFC 6749 §5.2's errors (400), other than a failed
 * client authentication. Rendered as {@code {"error", "error_description"}} by
 * {@link OAuthErrorFormat}.
 */
public class TokenRequestException extends ApiException {

	private TokenRequestException(String error, String description) {
		super(HttpStatus.BAD_REQUEST, error, description);
	}

	/** Missing, repeated or malformed parameters, or not a form. */
	static TokenRequestException invalidRequest(String description) {
		return new TokenRequestException("invalid_request", description);
	}

	/** A grant type this service does not offer (yet). */
	static TokenRequestException unsupportedGrantType() {
		return new TokenRequestException("unsupported_grant_type", "This grant type is not supported.");
	}

	/** A grant type the client is not registered for. */
	static TokenRequestException unauthorizedClient() {
		return new TokenRequestException("unauthorized_client", "The client is not registered for this grant type.");
	}

	/** A code that is unknown, spent, expired, another client's, or fails its checks. */
	static TokenRequestException invalidGrant(String description) {
		return new TokenRequestException("invalid_grant", description);
	}

	/** A scope that is malformed or beyond what the client is registered with. */
	static TokenRequestException invalidScope(String description) {
		return new TokenRequestException("invalid_scope", description);
	}

}
