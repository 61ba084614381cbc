package dev.authflux.token;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Introspection (RFC 7662 §2.1) or an admin endpoint without valid client credentials
 * (RFC 6749 §5.2).
 */
public class InvalidClientException extends ApiException {

	public InvalidClientException() {
		super(HttpStatus.UNAUTHORIZED, "invalid_client", "Client authentication failed.");
	}

	@Override
	public void addHeaders(HttpHeaders headers) {
		headers.set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"authflux\"");
	}

}
