package dev.authflux.web;

import org.springframework.http.HttpStatus;

/** The request body is not a JSON object that could be read at all. */
public class MalformedRequestException extends ApiException {

	public MalformedRequestException(String detail) {
		super(HttpStatus.BAD_REQUEST, "malformed_request", detail);
	}

}
