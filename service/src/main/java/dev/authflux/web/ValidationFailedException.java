package dev.authflux.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/** One or more fields of a well-formed request break their rules; one entry per field. */
public class ValidationFailedException extends ApiException {

	private final List<FieldError> errors;

	public ValidationFailedException(List<FieldError> errors) {
		super(HttpStatus.BAD_REQUEST, "validation_failed", "The request has invalid fields.");
		this.errors = List.copyOf(errors);
	}

	public static ValidationFailedException of(String field, String message) {
		return new ValidationFailedException(List.of(new FieldError(field, message)));
	}

	public List<FieldError> errors() {
		return this.errors;
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("errors", this.errors);
	}

	/** A broken field, by its JSON name, and what is wrong with it. */
	public record FieldError(String field, String message) {
	}

}
