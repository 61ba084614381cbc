package dev.authflux.passkey;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/**
 * Options for a login's second step with a passkey, asked for an account that has none:
 * its {@code methods} did not offer one.
 */
public class NoPasskeyException extends ApiException {

	NoPasskeyException() {
		super(HttpStatus.CONFLICT, "no_passkey", "The account has no passkey; answer with a code instead.");
	}

}
