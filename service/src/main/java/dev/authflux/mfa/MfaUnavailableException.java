package dev.authflux.mfa;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * No encryption key for TOTP secrets is configured
 * ({@link MfaProperties#encryptionKey()}).
 */
public class MfaUnavailableException extends ApiException {

	public MfaUnavailableException() {
		super(HttpStatus.SERVICE_UNAVAILABLE, "mfa_unavailable", "Second factors are not configured on this service.");
	}

	/** A configuration matter, not a passing load: ask again much later. */
	@Override
	public void addHeaders(HttpHeaders headers) {
		headers.set(HttpHeaders.RETRY_AFTER, "3600");
	}

}
