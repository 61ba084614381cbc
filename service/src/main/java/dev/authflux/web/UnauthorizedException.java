package dev.authflux.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A protected endpoint was called without a usable access token (RFC 6750 §3). All token
 * failures share one body, so the response never tells which check failed.
 */
public class UnauthorizedException extends ApiException {

	private final String challenge;

	protected UnauthorizedException(String code, String detail, String challenge) {
		super(HttpStatus.UNAUTHORIZED, code, detail);
		this.challenge = challenge;
	}

	/** No credentials at all: RFC 6750 §3.1 says the challenge carries no error code. */
	public static UnauthorizedException missingToken() {
		return new UnauthorizedException("missing_token", "An access token is required.", "Bearer");
	}

	public static UnauthorizedException invalidToken() {
		return new UnauthorizedException("invalid_token", "The access token is invalid, expired or revoked.",
				"Bearer error=\"invalid_token\"");
	}

	@Override
	public void addHeaders(HttpHeaders headers) {
		headers.set(HttpHeaders.WWW_AUTHENTICATE, this.challenge);
	}

}
