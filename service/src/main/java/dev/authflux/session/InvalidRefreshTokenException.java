package dev.authflux.session;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/**
 * A refresh token that cannot be used: unknown, expired, revoked, or already rotated. One
 * answer for all, so a thief learns nothing from trying.
 */
public class InvalidRefreshTokenException extends ApiException {

	public InvalidRefreshTokenException() {
		super(HttpStatus.UNAUTHORIZED, "invalid_refresh_token", "The refresh token is invalid, expired or revoked.");
	}

}
