package dev.authflux.passkey;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/**
 * A registration that cannot be stored: the credential is registered already (to any
 * account), or the account holds as many passkeys as it may.
 */
public class PasskeyConflictException extends ApiException {

	private PasskeyConflictException(String code, String detail) {
		super(HttpStatus.CONFLICT, code, detail);
	}

	static PasskeyConflictException exists() {
		return new PasskeyConflictException("passkey_exists", "This passkey is registered already.");
	}

	static PasskeyConflictException limit() {
		return new PasskeyConflictException("too_many_passkeys", "The account holds as many passkeys as it may.");
	}

}
