package dev.authflux.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import jakarta.validation.Validation;
import jakarta.validation.constraints.NotNull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Bodies are strict UTF-8: what is not is malformed, never quietly replaced. */
class JsonRequestsEncodingTests {

	private final JsonRequests json = new JsonRequests(Validation.buildDefaultValidatorFactory().getValidator());

	@ParameterizedTest
	@ValueSource(strings = { "c0af", "e080af", "c328", "eda080", "ff", "80" })
	void parseWhenValueHoldsInvalidUtf8ThenMalformed(String hex) {
		assertThatExceptionOfType(MalformedRequestException.class)
			.isThrownBy(() -> this.json.parse(bodyWithinValue(hex), Sample.class));
	}

	@Test
	void parseWhenValidUtf8ThenReadsEveryCharacter() {
		byte[] body = "{\"secret\":\"Zoë/😀\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(this.json.parse(body, Sample.class).secret()).isEqualTo("Zoë/😀");
	}

	/** {@code {"secret":"a<bytes>b"}}. */
	private static byte[] bodyWithinValue(String hex) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes("{\"secret\":\"a".getBytes(StandardCharsets.US_ASCII));
		body.writeBytes(HexFormat.of().parseHex(hex));
		body.writeBytes("b\"}".getBytes(StandardCharsets.US_ASCII));
		return body.toByteArray();
	}

	record Sample(@NotNull String secret) {
	}

}
