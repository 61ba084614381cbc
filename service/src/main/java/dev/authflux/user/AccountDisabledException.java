package dev.authflux.user;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/**
 * The right password for an account that an operator disabled. Only a caller who knows
 * the password learns the state: a wrong password is the usual
 * {@link InvalidCredentialsException}.
 */
public class AccountDisabledException extends ApiException {

	public AccountDisabledException() {
		super(HttpStatus.FORBIDDEN, "account_disabled", "This account is disabled.");
	}

}
