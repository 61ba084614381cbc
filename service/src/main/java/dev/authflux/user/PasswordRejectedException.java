package dev.authflux.user;

import java.util.List;

import dev.authflux.web.ValidationFailedException;

/**
 * A new password that {@link PasswordPolicy} does not accept, on the field it came in.
 */
public class PasswordRejectedException extends ValidationFailedException {

	PasswordRejectedException(String field, String problem) {
		super(List.of(new FieldError(field, problem)));
	}

}
