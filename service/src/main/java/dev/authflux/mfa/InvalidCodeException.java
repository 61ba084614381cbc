package dev.authflux.mfa;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/** A wrong one-time code, or one already used: the same answer for both. */
public class InvalidCodeException extends ApiException {

	public InvalidCodeException() {
		super(HttpStatus.UNAUTHORIZED, "invalid_code", "The code is incorrect or was already used.");
	}

}
