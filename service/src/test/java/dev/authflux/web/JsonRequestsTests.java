package dev.authflux.web;

import jakarta.validation.Validation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JsonRequestsTests {

	private final JsonRequests json = new JsonRequests(Validation.buildDefaultValidatorFactory().getValidator());

	@Test
	void parseWhenValidThenReadsSnakeCaseFields() {
		Sample sample = this.json.parse("{\"first_name\":\"Ada\",\"ignored\":1}", Sample.class);
		assertThat(sample.firstName()).isEqualTo("Ada");
	}

	@Test
	void parseWhenNumberWhereStringBelongsThenValidationFailedNamingTheField() {
		assertThatExceptionOfType(ValidationFailedException.class)
			.isThrownBy(() -> this.json.parse("{\"first_name\": 12345}", Sample.class))
			.satisfies((ex) -> assertThat(ex.errors()).singleElement()
				.isEqualTo(new ValidationFailedException.FieldError("first_name", "must be a string")))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("12345"));
	}

	@Test
	void parseWhenBooleanOrObjectWhereStringBelongsThenValidationFailed() {
		assertThatExceptionOfType(ValidationFailedException.class)
			.isThrownBy(() -> this.json.parse("{\"first_name\": true}", Sample.class));
		assertThatExceptionOfType(ValidationFailedException.class)
			.isThrownBy(() -> this.json.parse("{\"first_name\": {\"a\": 1}}", Sample.class));
	}

	@Test
	void parseWhenConstraintBrokenThenOneErrorPerField() {
		assertThatExceptionOfType(ValidationFailedException.class)
			.isThrownBy(() -> this.json.parse("{\"first_name\": \"way too long\"}", Sample.class))
			.satisfies((ex) -> assertThat(ex.errors()).extracting(ValidationFailedException.FieldError::field)
				.containsExactly("first_name"));
	}

	@Test
	void parseWhenNotJsonOrNotAnObjectThenMalformed() {
		assertThatExceptionOfType(MalformedRequestException.class).isThrownBy(() -> this.json.parse("{", Sample.class));
		assertThatExceptionOfType(MalformedRequestException.class)
			.isThrownBy(() -> this.json.parse("[]", Sample.class));
		assertThatExceptionOfType(MalformedRequestException.class).isThrownBy(() -> this.json.parse("", Sample.class));
	}

	@Test
	void snakeCaseConvertsPropertyPaths() {
		assertThat(JsonRequests.snakeCase("currentPassword")).isEqualTo("current_password");
		assertThat(JsonRequests.snakeCase("password")).isEqualTo("password");
	}

	record Sample(@NotNull @Size(max = 5) String firstName) {
	}

}
