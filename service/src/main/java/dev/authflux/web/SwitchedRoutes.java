package dev.authflux.web;

import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes that a setting read at start turns on or off. Not a bean condition
 * ({@code @Profile}, {@code @ConditionalOn…}): the service runs with Spring AOT
 * (docs/architecture.md), which decides bean conditions when the jar is built, so a
 * switch given at run time would be ignored. Switched off, the routes match nothing and
 * their paths answer 404 like any unknown path.
 */
public final class SwitchedRoutes {

	private SwitchedRoutes() {
	}

	public static RouterFunction<ServerResponse> only(boolean enabled, RouterFunction<ServerResponse> routes) {
		return enabled ? routes : (request) -> Mono.empty();
	}

}
