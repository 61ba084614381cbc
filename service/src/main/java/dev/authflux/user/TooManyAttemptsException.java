package dev.authflux.user;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A login refused by brute-force throttling, before its password was looked at. The same
 * for every username, existing or not, so it reveals nothing about which exist.
 */
public class TooManyAttemptsException extends ApiException {

	private final long retryAfterSeconds;

	public TooManyAttemptsException(long retryAfterSeconds) {
		super(HttpStatus.TOO_MANY_REQUESTS, "too_many_attempts", "Too many failed attempts; retry later.");
		this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
	}

	@Override
	public void addHeaders(HttpHeaders headers) {
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
	}

}
