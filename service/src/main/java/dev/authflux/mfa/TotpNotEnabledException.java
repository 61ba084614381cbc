package dev.authflux.mfa;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/** A disabling without a confirmed TOTP to disable. */
public class TotpNotEnabledException extends ApiException {

	public TotpNotEnabledException() {
		super(HttpStatus.CONFLICT, "totp_not_enabled", "TOTP is not enabled for this account.");
	}

}
