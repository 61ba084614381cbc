package dev.authflux.oauth;

import java.util.Map;

import dev.authflux.web.Problem;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's errors in RFC 6749 §5.2's words and character set. */
class OAuthErrorFormatTests {

	private final OAuthErrorFormat format = new OAuthErrorFormat();

	@Test
	void bodyWhenOAuthErrorThenKeptAsItIs() {
		assertThat(body(problem(HttpStatus.BAD_REQUEST, "invalid_scope", "Too wide.")))
			.isEqualTo(Map.of("error", "invalid_scope", "error_description", "Too wide."));
	}

	@Test
	void bodyWhenServiceErrorThenNearestOAuthError() {
		assertThat(body(problem(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "x"))).containsEntry("error",
				"invalid_request");
		assertThat(body(problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "x"))).containsEntry("error",
				"temporarily_unavailable");
		assertThat(body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "x"))).containsEntry("error",
				"server_error");
	}

	@Test
	void bodyWhenDetailHasQuotesBackslashesOrControlCharactersThenReplaced() {
		assertThat(body(problem(HttpStatus.BAD_REQUEST, "invalid_request", "a \"b\" c\\d\ne\u00e9")))
			.containsEntry("error_description", "a 'b' c/d e ");
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> body(Problem problem) {
		return (Map<String, Object>) this.format.body(problem);
	}

	private static Problem problem(HttpStatus status, String code, String detail) {
		return new Problem(status, code, detail, Map.of(), HttpHeaders.EMPTY);
	}

}
