package dev.authflux.web;

import org.springframework.http.HttpStatus;

/** The request body is over the configured limit. */
public class PayloadTooLargeException extends ApiException {

	public PayloadTooLargeException(long limitBytes) {
		super(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
				"The request body is larger than " + limitBytes + " bytes.");
	}

}
