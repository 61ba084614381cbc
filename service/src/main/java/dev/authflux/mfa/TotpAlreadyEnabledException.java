package dev.authflux.mfa;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/** An enrollment asked for while a confirmed TOTP is in place. */
public class TotpAlreadyEnabledException extends ApiException {

	public TotpAlreadyEnabledException() {
		super(HttpStatus.CONFLICT, "totp_already_enabled",
				"TOTP is already enabled for this account; disable it first.");
	}

}
