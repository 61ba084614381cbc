package dev.authflux.mfa;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/** An {@code mfa_token} that is unknown, spent or expired. */
public class InvalidMfaTokenException extends ApiException {

	public InvalidMfaTokenException() {
		super(HttpStatus.UNAUTHORIZED, "invalid_token", "The mfa_token is unknown, used or expired; log in again.");
	}

}
