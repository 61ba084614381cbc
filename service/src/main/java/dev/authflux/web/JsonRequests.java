package dev.authflux.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Reads a JSON request body into a request record and checks it, so that every handler
 * fails the same way: a body that is not a JSON object is {@code malformed_request}; a
 * missing field, a field of the wrong type ({@code 123} where a string belongs is not
 * silently turned into {@code "123"}) or a field that breaks its constraints is
 * {@code validation_failed} with one entry per field, named as in the JSON.
 */
public class JsonRequests {

	/**
	 * What the JSON codec reads: {@code application/json} and {@code application/*+json}.
	 */
	private static final List<MediaType> JSON_TYPES = List.of(MediaType.APPLICATION_JSON,
			new MediaType("application", "*+json"));

	private final JsonMapper strictMapper = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.withCoercionConfig(LogicalType.Textual,
				(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
		.build();

	private final Validator validator;

	public JsonRequests(Validator validator) {
		this.validator = validator;
	}

	/**
	 * The body of a JSON endpoint; content types other than JSON fail with 415. The bytes
	 * are read as they are, and not through the JSON codec, because Jackson decodes
	 * overlong UTF-8 sequences ({@code C0 AF} for {@code /}) instead of refusing them.
	 */
	public <T> Mono<T> read(ServerRequest request, Class<T> type) {
		return Mono.defer(() -> {
			MediaType contentType = request.headers().contentType().orElse(null);
			if (contentType == null || JSON_TYPES.stream().noneMatch((json) -> json.isCompatibleWith(contentType))) {
				return Mono.error(new UnsupportedMediaTypeStatusException(contentType, JSON_TYPES));
			}
			return request.bodyToMono(byte[].class)
				.switchIfEmpty(Mono.error(() -> new MalformedRequestException("A JSON request body is required.")))
				.map((body) -> parse(body, type));
		});
	}

	/**
	 * A body read as bytes, whatever its declared content type. JSON is UTF-8 (RFC 8259
	 * §8.1): invalid or overlong sequences are malformed, never replaced, so that no two
	 * different byte strings become the same password.
	 */
	public <T> T parse(byte[] body, Class<T> type) {
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new MalformedRequestException("The request body is not valid UTF-8.");
		}
		return parse(text, type);
	}

	/** A body already read as text, whatever its declared content type. */
	public <T> T parse(String body, Class<T> type) {
		JsonNode node;
		try {
			node = this.strictMapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw new MalformedRequestException("The request body is not valid JSON.");
		}
		return convert(node, type);
	}

	private <T> T convert(JsonNode body, Class<T> type) {
		if (body == null || !body.isObject()) {
			throw new MalformedRequestException("The request body must be a JSON object.");
		}
		T value;
		try {
			value = this.strictMapper.treeToValue(body, type);
		}
		catch (MismatchedInputException ex) {
			// The message would quote the offending value, which may be a password: name
			// the field only.
			throw ValidationFailedException.of(fieldOf(ex), "must be a string");
		}
		catch (JacksonException ex) {
			throw new MalformedRequestException("The request body could not be read.");
		}
		validate(value);
		return value;
	}

	private void validate(Object value) {
		Set<ConstraintViolation<Object>> violations = this.validator.validate(value);
		if (violations.isEmpty()) {
			return;
		}
		List<ValidationFailedException.FieldError> errors = violations.stream()
			.map((violation) -> new ValidationFailedException.FieldError(
					snakeCase(violation.getPropertyPath().toString()), violation.getMessage()))
			.sorted(Comparator.comparing(ValidationFailedException.FieldError::field)
				.thenComparing(ValidationFailedException.FieldError::message))
			.toList();
		throw new ValidationFailedException(errors);
	}

	private static String fieldOf(MismatchedInputException ex) {
		return ex.getPath()
			.stream()
			.map(JacksonException.Reference::getPropertyName)
			.filter((name) -> name != null)
			.reduce((first, second) -> first + "." + second)
			.orElse("body");
	}

	static String snakeCase(String propertyPath) {
		return propertyPath.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
	}

}
