package dev.authflux.user;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/** Verifying an address that another account has verified already, in any letter case. */
public class EmailTakenException extends ApiException {

	public EmailTakenException() {
		super(HttpStatus.CONFLICT, "email_taken", "This email address belongs to another account.");
	}

}
