package dev.authflux.user;

import dev.authflux.web.ServiceUnavailableException;

/**
 * Password hashing has no room for this request now; the caller may retry after the
 * configured pause. Answered like any other overload (503 {@code overloaded} with
 * {@code Retry-After}).
 */
public class PasswordHashingBusyException extends ServiceUnavailableException {

	PasswordHashingBusyException(long retryAfterSeconds) {
		super("overloaded", "The service is busy; retry shortly.", retryAfterSeconds);
	}

}
