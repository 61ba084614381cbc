package dev.authflux.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
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
 * another feature passes the whole group with a single pattern test. A route the patterns
 * would hide fails the start, not a request.
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
	 * @throws IllegalArgumentException if a route's path is outside the patterns
	 */
	public static RouterFunction<ServerResponse> of(RouterFunction<ServerResponse> routes, String... patterns) {
		PathScopedRoutes scoped = new PathScopedRoutes(
				Arrays.stream(patterns).map(PathPatternParser.defaultInstance::parse).toList(), routes);
		for (String path : RoutePaths.of(routes)) {
			if (!scoped.admits(PathContainer.parsePath(RoutePaths.example(path)))) {
				throw new IllegalArgumentException(
						"The route " + path + " is outside its guard " + Arrays.toString(patterns));
			}
		}
		return scoped;
	}

	@Override
	public Mono<HandlerFunction<ServerResponse>> route(ServerRequest request) {
		if (admits(request.requestPath().pathWithinApplication())) {
			return this.routes.route(request);
		}
		return Mono.empty();
	}

	private boolean admits(PathContainer path) {
		for (PathPattern pattern : this.patterns) {
			if (pattern.matches(path)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void accept(RouterFunctions.Visitor visitor) {
		this.routes.accept(visitor);
	}

	/** The path patterns of routes, read through Spring's route visitors. */
	private static final class RoutePaths implements RouterFunctions.Visitor, RequestPredicates.Visitor {

		private final List<String> paths = new ArrayList<>();

		static List<String> of(RouterFunction<?> routes) {
			RoutePaths visitor = new RoutePaths();
			routes.accept(visitor);
			return visitor.paths;
		}

		/** A path the pattern matches: each variable and wildcard segment as "x". */
		static String example(String pattern) {
			return pattern.replaceAll("\\{[^/]*}|\\*\\*|\\*", "x");
		}

		@Override
		public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
			predicate.accept(this);
		}

		@Override
		public void path(String pattern) {
			this.paths.add(pattern);
		}

		@Override
		public void startNested(RequestPredicate predicate) {
			throw new IllegalArgumentException("Nested routes cannot be scoped by path: " + predicate);
		}

		@Override
		public void endNested(RequestPredicate predicate) {
		}

		@Override
		public void resources(Function<ServerRequest, Mono<Resource>> lookupFunction) {
		}

		@Override
		public void attributes(Map<String, Object> attributes) {
		}

		@Override
		public void unknown(RouterFunction<?> routerFunction) {
		}

		@Override
		public void method(Set<HttpMethod> methods) {
		}

		@Override
		public void pathExtension(String extension) {
		}

		@Override
		public void version(String version) {
		}

		@Override
		public void header(String name, String value) {
		}

		@Override
		public void queryParam(String name, String value) {
		}

		@Override
		public void startAnd() {
		}

		@Override
		public void and() {
		}

		@Override
		public void endAnd() {
		}

		@Override
		public void startOr() {
		}

		@Override
		public void or() {
		}

		@Override
		public void endOr() {
		}

		@Override
		public void startNegate() {
		}

		@Override
		public void endNegate() {
		}

		@Override
		public void unknown(RequestPredicate predicate) {
		}

	}

}
