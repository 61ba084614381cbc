package dev.authflux.session;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/**
 * A refresh asked for scope that the session was not granted (RFC 6749 §6: it may narrow,
 * never widen). The token was not spent.
 */
public class ScopeBeyondGrantException extends ApiException {

	public ScopeBeyondGrantException() {
		super(HttpStatus.BAD_REQUEST, "invalid_scope", "The scope is beyond what was granted.");
	}

}
