package dev.authflux.passkey;

import dev.authflux.web.NotFoundException;

/** The caller named a passkey that is not one of its own. */
public class PasskeyNotFoundException extends NotFoundException {

	PasskeyNotFoundException() {
		super("No such passkey.");
	}

}
