package dev.authflux.oauth;

/**
 * An authorization request refused after its client and redirect URI were found valid:
 * answered by redirecting the browser back to the client with {@code error} (RFC 6749
 * §4.1.2.1, OpenID Connect Core 1.0 §3.1.2.6), never shown as a page.
 */
class AuthorizationRequestException extends RuntimeException {

	private final String error;

	AuthorizationRequestException(String error, String description) {
		super(description, null, false, false);
		this.error = error;
	}

	String error() {
		return this.error;
	}

	static AuthorizationRequestException invalidRequest(String description) {
		return new AuthorizationRequestException("invalid_request", description);
	}

}
