package dev.authflux.web;

import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An error that the API answers with a problem document (RFC 9457). Each feature declares
 * its own subclasses; {@link ProblemExceptionHandler} renders them all in one way.
 *
 * <p>
 * No stack trace is captured: these are expected outcomes (a wrong password, a taken
 * username), thrown on hot paths, and never logged as failures.
 */
public abstract class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	protected ApiException(HttpStatus status, String code, String detail) {
		super(detail, null, false, false);
		this.status = status;
		this.code = code;
	}

	public HttpStatus status() {
		return this.status;
	}

	/** A stable, machine-readable code that clients can switch on. */
	public String code() {
		return this.code;
	}

	/** Extra members of the problem document, such as {@code errors}. */
	public Map<String, Object> properties() {
		return Map.of();
	}

	/** Headers the response must carry, such as {@code Retry-After}. */
	public void addHeaders(HttpHeaders headers) {
	}

}
