package dev.authflux.compat;

import java.util.Map;
import java.util.stream.Collectors;

import dev.authflux.web.LegacyErrorFormat;
import dev.authflux.web.Problem;
import dev.authflux.web.ValidationFailedException;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The original service's error body, {@code {"errors": "<message>"}}, on its endpoint
 * only.
 */
class CompatErrorFormat implements LegacyErrorFormat {

	@Override
	public boolean appliesTo(ServerHttpRequest request) {
		return CompatRoutes.AUTH.equals(request.getPath().pathWithinApplication().value());
	}

	@Override
	public Object body(Problem problem) {
		Object errors = problem.properties().get("errors");
		if (errors instanceof java.util.List<?> fieldErrors) {
			String message = fieldErrors.stream()
				.map(ValidationFailedException.FieldError.class::cast)
				.map((error) -> error.field() + " " + error.message())
				.collect(Collectors.joining("; "));
			return Map.of("errors", message);
		}
		return Map.of("errors", problem.detail());
	}

}
