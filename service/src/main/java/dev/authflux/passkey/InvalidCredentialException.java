package dev.authflux.passkey;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/**
 * A credential the browser sent that cannot be used: not a WebAuthn response at all, or
 * (at registration) one that does not verify or answers no live challenge of the caller.
 */
public class InvalidCredentialException extends ApiException {

	InvalidCredentialException() {
		super(HttpStatus.BAD_REQUEST, "invalid_credential",
				"The credential is not a valid WebAuthn response to a live challenge.");
	}

}
