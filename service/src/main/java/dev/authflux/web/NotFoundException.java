package dev.authflux.web;

import org.springframework.http.HttpStatus;

/** Nothing the caller may see exists at this address. */
public class NotFoundException extends ApiException {

	public NotFoundException(String detail) {
		super(HttpStatus.NOT_FOUND, "not_found", detail);
	}

}
