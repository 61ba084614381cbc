package dev.authflux.token;

import dev.authflux.web.UnauthorizedException;

/**
 * An access token that did not verify: bad signature, unknown key, expired, or not ours.
 * Answered with the same body as every other token failure.
 */
public class InvalidTokenException extends UnauthorizedException {

	InvalidTokenException() {
		super("invalid_token", "The access token is invalid, expired or revoked.", "Bearer error=\"invalid_token\"");
	}

}
