package dev.authflux.mfa;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/** A confirmation without an enrollment waiting for it. */
public class TotpNotPendingException extends ApiException {

	public TotpNotPendingException() {
		super(HttpStatus.CONFLICT, "totp_not_pending",
				"There is no TOTP enrollment to confirm; start one with POST /api/v1/users/me/mfa/totp.");
	}

}
