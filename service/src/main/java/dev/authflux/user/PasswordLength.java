package dev.authflux.user;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A new password of 8 to 256 characters, counted as code points after NFKC normalization
 * ({@link CredentialRules#hasAllowedLength}): the length of what is hashed, checked with
 * the request's other fields so that every broken field is reported at once. {@code null}
 * is valid here; {@code @NotNull} says whether it is required.
 */
@Documented
@Constraint(validatedBy = PasswordLength.Checker.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
public @interface PasswordLength {

	String message() default CredentialRules.PASSWORD_MESSAGE;

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks {@link PasswordLength}. */
	class Checker implements ConstraintValidator<PasswordLength, String> {

		@Override
		public boolean isValid(String password, ConstraintValidatorContext context) {
			return password == null || CredentialRules.hasAllowedLength(password);
		}

	}

}
