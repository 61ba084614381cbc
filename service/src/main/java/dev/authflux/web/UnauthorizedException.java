package dev.authflux.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A protected endpoint was called without a usable access token (RFC 6750 §3), answered
 * with the {@code WWW-Authenticate} challenge the feature that refused it gives.
 */
public abstract class UnauthorizedException extends ApiException {

	private final String challenge;

	protected UnauthorizedException(String code, String detail, String challenge) {
		super(HttpStatus.UNAUTHORIZED, code, detail);
		this.challenge = challenge;
	}

	@Override
	public void addHeaders(HttpHeaders headers) {
		headers.set(HttpHeaders.WWW_AUTHENTICATE, this.challenge);
	}

}
