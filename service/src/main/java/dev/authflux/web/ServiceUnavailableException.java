package dev.authflux.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The service cannot answer now but will soon: its worker pool is full
 * ({@code overloaded}) or its database is unreachable ({@code unavailable}). Carries
 * {@code Retry-After}.
 */
public class ServiceUnavailableException extends ApiException {

	/** How long clients should wait before retrying when the database is unreachable. */
	static final long UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

	private final long retryAfterSeconds;

	protected ServiceUnavailableException(String code, String detail, long retryAfterSeconds) {
		super(HttpStatus.SERVICE_UNAVAILABLE, code, detail);
		this.retryAfterSeconds = retryAfterSeconds;
	}

	public static ServiceUnavailableException overloaded(long retryAfterSeconds) {
		return new ServiceUnavailableException("overloaded", "The service is busy; retry shortly.", retryAfterSeconds);
	}

	/** The database did not answer in time; clients may retry after a short pause. */
	public static ServiceUnavailableException unavailable() {
		return new ServiceUnavailableException("unavailable", "The service is temporarily unavailable.",
				UNAVAILABLE_RETRY_AFTER_SECONDS);
	}

	@Override
	public void addHeaders(HttpHeaders headers) {
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
	}

}
