package dev.authflux.web;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;

/**
 * Functional routes match on path and method together, so a known path with the wrong
 * method would fall through to 404. Placed after a feature's routes, these answer it with
 * 405 and {@code Allow} instead.
 */
public final class MethodNotAllowedRoutes {

	private MethodNotAllowedRoutes() {
	}

	public static RouterFunction<ServerResponse> forPath(String pattern, HttpMethod... allowed) {
		Set<HttpMethod> methods = Arrays.stream(allowed).collect(Collectors.toUnmodifiableSet());
		return RouterFunctions.route(RequestPredicates.path(pattern),
				(request) -> Mono.error(new MethodNotAllowedException(request.method(), methods)));
	}

}
