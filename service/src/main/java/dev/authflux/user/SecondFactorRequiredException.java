package dev.authflux.user;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/**
 * The right password of an account with a second factor, where there is no step to ask
 * for it: the original service's endpoint and, for now, the sign-in page.
 */
public class SecondFactorRequiredException extends ApiException {

	public SecondFactorRequiredException() {
		super(HttpStatus.UNAUTHORIZED, "mfa_required",
				"This account needs a second factor; log in with POST /api/v1/sessions.");
	}

}
