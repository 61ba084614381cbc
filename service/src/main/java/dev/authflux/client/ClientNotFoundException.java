package dev.authflux.client;

import dev.authflux.web.NotFoundException;

/** An operator named a client that is not registered. */
public class ClientNotFoundException extends NotFoundException {

	ClientNotFoundException() {
		super("No such client.");
	}

}
