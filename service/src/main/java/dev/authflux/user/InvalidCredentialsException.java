package dev.authflux.user;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/**
 * A username and password that do not identify an account. Unknown name and wrong
 * password are deliberately the same exception, so the response never tells which it was.
 */
public class InvalidCredentialsException extends ApiException {

	public InvalidCredentialsException() {
		super(HttpStatus.UNAUTHORIZED, "invalid_credentials", "The username or password is incorrect.");
	}

}
