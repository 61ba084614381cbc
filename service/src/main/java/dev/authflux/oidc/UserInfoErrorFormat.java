package dev.authflux.oidc;

import java.util.Map;

import dev.authflux.web.LegacyErrorFormat;
import dev.authflux.web.Problem;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * UserInfo is an OAuth protected resource, not part of {@code /api/v1}: its errors other
 * than a refused token (which carry no body) take RFC 6750 §3's {@code {"error",
 * "error_description"}} shape instead of a problem document.
 */
class UserInfoErrorFormat implements LegacyErrorFormat {

	@Override
	public boolean appliesTo(ServerHttpRequest request) {
		return OidcRoutes.USERINFO.equals(request.getPath().pathWithinApplication().value());
	}

	@Override
	public Object body(Problem problem) {
		return Map.of("error", error(problem), "error_description", problem.detail());
	}

	private static String error(Problem problem) {
		if (problem.status().value() == 401) {
			return "invalid_token";
		}
		if (problem.status().value() == 503) {
			return "temporarily_unavailable";
		}
		return problem.status().is5xxServerError() ? "server_error" : "invalid_request";
	}

}
