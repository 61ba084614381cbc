package dev.authflux.user;

import dev.authflux.web.NotFoundException;

/** An operator named an account that does not exist. */
public class AccountNotFoundException extends NotFoundException {

	AccountNotFoundException() {
		super("No such user.");
	}

}
