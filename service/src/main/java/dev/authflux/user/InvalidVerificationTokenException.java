package dev.authflux.user;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/**
 * A mailed token that is unknown, used, expired, or for an address the account no longer
 * has: one answer for all, so that it tells nothing about other tokens.
 */
public class InvalidVerificationTokenException extends ApiException {

	public InvalidVerificationTokenException() {
		super(HttpStatus.BAD_REQUEST, "invalid_token", "The token is unknown, used or expired.");
	}

}
