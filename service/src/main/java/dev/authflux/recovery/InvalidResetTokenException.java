package dev.authflux.recovery;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/**
 * A reset token that is unknown, used, expired, issued before the password last changed,
 * or for an address the account no longer has verified: one answer for all, so that it
 * tells nothing about other tokens.
 */
class InvalidResetTokenException extends ApiException {

	InvalidResetTokenException() {
		super(HttpStatus.BAD_REQUEST, "invalid_token", "The token is unknown, used or expired.");
	}

}
