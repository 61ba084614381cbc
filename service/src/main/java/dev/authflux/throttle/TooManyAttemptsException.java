package dev.authflux.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An attempt refused by brute-force throttling, before any secret was looked at. The same
 * for every username, existing or not, so it reveals nothing about which exist.
 */
public class TooManyAttemptsException extends ApiException {

	private final long retryAfterSeconds;

	public TooManyAttemptsException(long retryAfterSeconds) {
		super(HttpStatus.TOO_MANY_REQUESTS, "too_many_attempts", "Too many failed attempts; retry later.");
		this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
	}

	/** Refused until {@code instant}, as {@code clock} tells the time now. */
	public static TooManyAttemptsException until(Instant instant, Clock clock) {
		return new TooManyAttemptsException(
				(long) Math.ceil(Duration.between(clock.instant(), instant).toMillis() / 1000.0));
	}

	public long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	@Override
	public void addHeaders(HttpHeaders headers) {
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
	}

}
