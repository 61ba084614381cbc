package dev.authflux.oidc;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/**
 * A UserInfo request that RFC 6750 §3.1 calls {@code invalid_request}: the access token
 * presented more than one way, or more than once.
 */
class InvalidUserInfoRequestException extends ApiException {

	InvalidUserInfoRequestException(String detail) {
		super(HttpStatus.BAD_REQUEST, "invalid_request", detail);
	}

}
