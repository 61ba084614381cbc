package dev.authflux.e2e;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error side of the contract: every failure is a problem document with a stable code.
 */
@Tag("e2e")
class ErrorContractE2ETests extends ApplicationTest {

	private AuthClient client;

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{", "not json", "{\"username\": }", "[1,2", "\"\\u" })
	void malformedJsonIs400(String body) {
		assertProblem(this.client.post("/api/v1/users", body), HttpStatus.BAD_REQUEST, "malformed_request");
	}

	@ParameterizedTest
	@ValueSource(strings = { "[]", "\"text\"", "42", "null" })
	void bodyThatIsNotAnObjectIs400(String body) {
		assertProblem(this.client.post("/api/v1/sessions", body), HttpStatus.BAD_REQUEST, "malformed_request");
	}

	@Test
	void missingFieldsAreListedOnePerField() {
		assertProblem(this.client.post("/api/v1/users", "{}"), HttpStatus.BAD_REQUEST, "validation_failed")
			.jsonPath("$.errors.length()")
			.isEqualTo(2)
			.jsonPath("$.errors[0].field")
			.isEqualTo("password")
			.jsonPath("$.errors[1].field")
			.isEqualTo("username");
	}

	@Test
	void wrongTypesAreValidationErrorsThatDoNotEchoTheValue() {
		byte[] body = assertProblem(
				this.client.post("/api/v1/users", "{\"username\": \"someone\", \"password\": 1234567890123}"),
				HttpStatus.BAD_REQUEST, "validation_failed")
			.jsonPath("$.errors[0].field")
			.isEqualTo("password")
			.returnResult()
			.getResponseBody();
		assertThat(new String(body)).doesNotContain("1234567890123");
	}

	@Test
	void brokenRulesAreValidationErrors() {
		assertProblem(this.client.post("/api/v1/users", "{\"username\": \"a b\", \"password\": \"short\"}"),
				HttpStatus.BAD_REQUEST, "validation_failed")
			.jsonPath("$.errors[0].field")
			.isEqualTo("password")
			.jsonPath("$.errors[1].field")
			.isEqualTo("username");
		assertProblem(this.client.post("/api/v1/users", "{\"username\": \"same-as-pw\", \"password\": \"SAME-AS-PW\"}"),
				HttpStatus.BAD_REQUEST, "validation_failed")
			.jsonPath("$.errors[0].message")
			.isEqualTo("must not contain the username");
	}

	@Test
	void passwordLengthCountsCodePoints() {
		// Eight emoji are sixteen UTF-16 chars but eight characters: long enough (and
		// different ones, since one character repeated is refused).
		String eightEmoji = "😀😃😄😁😆😅😂🙂";
		this.client
			.post("/api/v1/users",
					"{\"username\": \"" + TestUsers.unique("emoji").username() + "\", \"password\": \"" + eightEmoji
							+ "\"}")
			.expectStatus()
			.isCreated();
		assertProblem(
				this.client.post("/api/v1/users", "{\"username\": \"" + TestUsers.unique("emoji").username()
						+ "\", \"password\": \"" + "😀😃😄😁😆😅😂" + "\"}"),
				HttpStatus.BAD_REQUEST, "validation_failed");
	}

	@Test
	void missingTokenIs401WithBareChallenge() {
		assertProblem(this.http.get().uri("/api/v1/users/me").exchange(), HttpStatus.UNAUTHORIZED, "missing_token");
		this.http.get().uri("/api/v1/users/me").exchange().expectHeader().valueEquals("WWW-Authenticate", "Bearer");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Bearer not-a-jwt", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "Basic dXNlcjpwYXNz",
			"Bearer " })
	void badTokensAre401InvalidToken(String authorization) {
		WebTestClient.ResponseSpec response = this.http.get()
			.uri("/api/v1/users/me")
			.header("Authorization", authorization)
			.exchange();
		assertProblem(response, HttpStatus.UNAUTHORIZED, "invalid_token");
	}

	@Test
	void unknownPathIs404Problem() {
		assertProblem(this.http.get().uri("/api/v1/nothing-here").exchange(), HttpStatus.NOT_FOUND, "not_found");
	}

	@Test
	void wrongMethodIs405ProblemWithAllow() {
		WebTestClient.ResponseSpec response = this.http.put().uri("/api/v1/sessions/refresh").exchange();
		response.expectHeader().valueEquals("Allow", "POST");
		assertProblem(this.http.put().uri("/api/v1/sessions/refresh").exchange(), HttpStatus.METHOD_NOT_ALLOWED,
				"method_not_allowed");
		assertProblem(this.http.get().uri("/api/v1/users").exchange(), HttpStatus.METHOD_NOT_ALLOWED,
				"method_not_allowed");
		assertProblem(this.http.post().uri("/.well-known/jwks.json").exchange(), HttpStatus.METHOD_NOT_ALLOWED,
				"method_not_allowed");
	}

	@Test
	void oversizedBodyIs413() {
		String huge = "{\"username\":\"" + "a".repeat(20_000) + "\",\"password\":\"whatever12\"}";
		assertProblem(this.client.post("/api/v1/users", huge), HttpStatus.CONTENT_TOO_LARGE, "payload_too_large");
	}

	@Test
	void oversizedHeadersAre431Problem() {
		assertProblem(this.http.get().uri("/api/v1/users/me").header("X-Padding", "a".repeat(9000)).exchange(),
				HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers_too_large");
	}

	@Test
	void everyResponseForbidsContentSniffingAndApiAnswersAreNotStored() {
		this.http.get()
			.uri("/api/v1/users/me")
			.exchange()
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals("Cache-Control", "no-store");
		this.client.post("/api/v1/users", TestUsers.unique("headers").json())
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals("Cache-Control", "no-store");
		this.http.get()
			.uri("/.well-known/jwks.json")
			.exchange()
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.value("Cache-Control", (value) -> assertThat(value).contains("public"));
	}

	@Test
	void nonJsonContentTypeIs415() {
		assertProblem(this.http.post()
			.uri("/api/v1/users")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue(TestUsers.alice().json())
			.exchange(), HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
	}

	@Test
	void takenUsernameIs409() {
		TestUsers.Credentials user = TestUsers.unique("taken");
		this.client.register(user);
		assertProblem(this.client.post("/api/v1/users", user.json()), HttpStatus.CONFLICT, "username_taken");
	}

	@Test
	void unknownRefreshTokenIs401() {
		assertProblem(this.client.refresh("never-issued"), HttpStatus.UNAUTHORIZED, "invalid_refresh_token");
	}

	@Test
	void sessionIdThatIsNotAUuidIs404() {
		AuthClient.Tokens tokens = this.client.registerAndLogin(TestUsers.unique("henry"));
		assertProblem(this.client.withToken("DELETE", "/api/v1/sessions/not-a-uuid", tokens.accessToken(), null),
				HttpStatus.NOT_FOUND, "not_found");
	}

	private static WebTestClient.BodyContentSpec assertProblem(WebTestClient.ResponseSpec response, HttpStatus status,
			String code) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status.value())
			.jsonPath("$.code")
			.isEqualTo(code)
			.jsonPath("$.type")
			.isEqualTo("urn:authflux:problem:" + code)
			.jsonPath("$.title")
			.isNotEmpty()
			.jsonPath("$.trace")
			.doesNotExist();
	}

}
