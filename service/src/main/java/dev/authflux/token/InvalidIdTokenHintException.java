package dev.authflux.token;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/**
 * An {@code id_token_hint} that is not an ID token this provider signed: not a signed
 * JWT, signed by a key we do not know, of another issuer, or another kind of token. The
 * code is RFC 6749's {@code invalid_request}, which the OAuth endpoints answer with.
 */
public class InvalidIdTokenHintException extends ApiException {

	InvalidIdTokenHintException() {
		super(HttpStatus.BAD_REQUEST, "invalid_request", "The id_token_hint is not an ID token issued here.");
	}

}
