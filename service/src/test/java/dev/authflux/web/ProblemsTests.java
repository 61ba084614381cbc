package dev.authflux.web;

import java.net.ConnectException;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTests {

	private final Problems problems = new Problems(16384);

	@Test
	void fromWhenDatabaseUnreachableThen503WithRetryAfter() {
		Problem problem = this.problems
			.from(new DataAccessResourceFailureException("down", new ConnectException("refused")));
		assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(problem.code()).isEqualTo("unavailable");
		assertThat(problem.headers().getFirst("Retry-After")).isEqualTo("2");
	}

	@Test
	void fromWhenBodyOverLimitThen413() {
		Problem problem = this.problems
			.from(new ServerWebInputException("bad", null, new DataBufferLimitException("too much")));
		assertThat(problem.code()).isEqualTo("payload_too_large");
		assertThat(problem.detail()).contains("16384");
	}

	@Test
	void fromWhenWrongMethodThen405WithAllow() {
		Problem problem = this.problems.from(new MethodNotAllowedException(HttpMethod.PUT, Set.of(HttpMethod.POST)));
		assertThat(problem.status()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
		assertThat(problem.headers().getAllow()).containsExactly(HttpMethod.POST);
	}

	@Test
	void fromWhenBadInputThenFixedDetailThatDoesNotQuoteTheInput() {
		Problem problem = this.problems.from(new ServerWebInputException("JSON parse error near 'hunter2'"));
		assertThat(problem.code()).isEqualTo("malformed_request");
		assertThat(problem.detail()).doesNotContain("hunter2");
	}

	@Test
	void fromWhenUnexpectedThen500WithoutTheMessage() {
		Problem problem = this.problems.from(new IllegalStateException("SELECT secret FROM somewhere"));
		assertThat(problem.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(problem.code()).isEqualTo("internal_error");
		assertThat(problem.detail()).doesNotContain("SELECT");
	}

	@Test
	void fromWhenOtherStatusThenCodeFromStatus() {
		assertThat(this.problems.from(new ResponseStatusException(HttpStatus.NOT_ACCEPTABLE)).code())
			.isEqualTo("not_acceptable");
		assertThat(this.problems.from(new ResponseStatusException(HttpStatus.NOT_FOUND)).code()).isEqualTo("not_found");
	}

	@Test
	void toDocumentHasTheRfc9457Members() {
		Problem problem = this.problems.from(ValidationFailedException.of("username", "is required"));
		assertThat(problem.toDocument("/api/v1/users")).containsEntry("type", "urn:authflux:problem:validation_failed")
			.containsEntry("title", "Bad Request")
			.containsEntry("status", 400)
			.containsEntry("instance", "/api/v1/users")
			.containsKey("errors");
	}

}
