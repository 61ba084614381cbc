package dev.authflux.session;

import dev.authflux.web.UnauthorizedException;

/**
 * A protected route called without a usable bearer token. Every invalid token gets the
 * same answer, so the response never tells which check failed.
 */
public class BearerTokenRejectedException extends UnauthorizedException {

	private BearerTokenRejectedException(String code, String detail, String challenge) {
		super(code, detail, challenge);
	}

	/** No credentials at all: RFC 6750 §3.1 says the challenge carries no error code. */
	static BearerTokenRejectedException missing() {
		return new BearerTokenRejectedException("missing_token", "An access token is required.", "Bearer");
	}

	static BearerTokenRejectedException invalid() {
		return new BearerTokenRejectedException("invalid_token", "The access token is invalid, expired or revoked.",
				"Bearer error=\"invalid_token\"");
	}

}
