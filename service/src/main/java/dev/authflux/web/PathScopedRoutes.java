package dev.authflux.web;

import java.util.Arrays;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.server.PathContainer;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A feature's routes behind one test of the request path. Spring tries the routes of
 * every feature in turn until one matches, testing each route's own pattern, so without a
 * guard an endpoint pays for every route registered before it; behind one, a request for
 * another feature passes the whole group with a single pattern test. The patterns must
 * cover every route of the group: a path they miss is answered 404.
 */
public final class PathScopedRoutes implements RouterFunction<ServerResponse> {

	private final List<PathPattern> patterns;

	private final RouterFunction<ServerResponse> routes;

	private PathScopedRoutes(List<PathPattern> patterns, RouterFunction<ServerResponse> routes) {
		this.patterns = patterns;
		this.routes = routes;
	}

	/**
	 * The routes, tried only for paths matching one of the patterns (Spring's path
	 * patterns, as in the routes themselves: {@code /api/v1/sessions/**} also matches
	 * {@code /api/v1/sessions}).
	 */
	public static RouterFunction<ServerResponse> of(RouterFunction<ServerResponse> routes, String... patterns) {
		return new PathScopedRoutes(Arrays.stream(patterns).map(PathPatternParser.defaultInstance::parse).toList(),
				routes);
	}

	@Override
	public Mono<HandlerFunction<ServerResponse>> route(ServerRequest request) {
		PathContainer path = request.requestPath().pathWithinApplication();
		for (PathPattern pattern : this.patterns) {
			if (pattern.matches(path)) {
				return this.routes.route(request);
			}
		}
		return Mono.empty();
	}

	@Override
	public void accept(RouterFunctions.Visitor visitor) {
		this.routes.accept(visitor);
	}

}
