package dev.authflux.web;

import org.springframework.http.HttpStatus;

/** The request's headers are over the configured limit (RFC 6585 §5). */
public class HeadersTooLargeException extends ApiException {

	public HeadersTooLargeException(long limitBytes) {
		super(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers_too_large",
				"The request headers are larger than " + limitBytes + " bytes.");
	}

}
