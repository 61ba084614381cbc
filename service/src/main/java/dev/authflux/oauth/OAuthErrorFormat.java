package dev.authflux.oauth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.authflux.web.LegacyErrorFormat;
import dev.authflux.web.Problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The OAuth endpoints answer errors as RFC 6749 §5.2 does, {@code {"error",
 * "error_description"}}, not as problem documents; status and headers stay the problem's.
 * An error of the service's own vocabulary becomes the nearest OAuth one: a malformed
 * body, wrong content type or method is {@code invalid_request}, an unavailable database
 * {@code temporarily_unavailable}, anything unexpected {@code server_error}. Throttled
 * clients get 429 {@code too_many_attempts}, with {@code Retry-After}. The description
 * keeps to RFC 6749's character set (no quotes, backslashes or control characters).
 */
class OAuthErrorFormat implements LegacyErrorFormat {

	private static final Set<String> OAUTH_ERRORS = Set.of("invalid_request", "invalid_client", "invalid_grant",
			"unauthorized_client", "unsupported_grant_type", "invalid_scope", "too_many_attempts");

	@Override
	public boolean appliesTo(ServerHttpRequest request) {
		return OAuthRoutes.OAUTH_ERROR_PATHS.contains(request.getPath().pathWithinApplication().value());
	}

	@Override
	public Object body(Problem problem) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error(problem));
		body.put("error_description", description(problem.detail()));
		return body;
	}

	static String error(Problem problem) {
		if (OAUTH_ERRORS.contains(problem.code())) {
			return problem.code();
		}
		if (problem.status() == HttpStatus.SERVICE_UNAVAILABLE) {
			return "temporarily_unavailable";
		}
		return problem.status().is5xxServerError() ? "server_error" : "invalid_request";
	}

	/** RFC 6749 §5.2: {@code %x20-21 / %x23-5B / %x5D-7E} only. */
	static String description(String detail) {
		if (detail == null || detail.isEmpty()) {
			return "The request was refused.";
		}
		StringBuilder text = new StringBuilder(detail.length());
		for (int i = 0; i < detail.length(); i++) {
			char c = detail.charAt(i);
			if (c == '"') {
				text.append('\'');
			}
			else if (c == '\\') {
				text.append('/');
			}
			else if (c < 0x20 || c > 0x7E) {
				text.append(' ');
			}
			else {
				text.append(c);
			}
		}
		return text.toString();
	}

}
