package dev.authflux.session;

import dev.authflux.web.NotFoundException;

/** The caller named a session that is not one of its live sessions. */
public class SessionNotFoundException extends NotFoundException {

	SessionNotFoundException() {
		super("No such session.");
	}

}
