package dev.authflux.user;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/** Registration of a name that exists already, in any letter case. */
public class UsernameTakenException extends ApiException {

	public UsernameTakenException() {
		super(HttpStatus.CONFLICT, "username_taken", "This username is already taken.");
	}

}
