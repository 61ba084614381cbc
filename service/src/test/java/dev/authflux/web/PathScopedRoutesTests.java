package dev.authflux.web;

import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PathScopedRoutesTests {

	private static final RouterFunction<ServerResponse> ROUTES = RouterFunctions.route()
		.GET("/api/v1/things", (request) -> ServerResponse.ok().build())
		.DELETE("/api/v1/things/{id}", (request) -> ServerResponse.noContent().build())
		.build();

	@Test
	void routeWhenPathIsGuardedThenTheRoutesAnswer() {
		RouterFunction<ServerResponse> scoped = PathScopedRoutes.of(ROUTES, "/api/v1/things/**");
		StepVerifier.create(scoped.route(request(MockServerHttpRequest.get("/api/v1/things"))))
			.expectNextCount(1)
			.verifyComplete();
		StepVerifier.create(scoped.route(request(MockServerHttpRequest.delete("/api/v1/things/42"))))
			.expectNextCount(1)
			.verifyComplete();
	}

	@Test
	void routeWhenPathIsElsewhereThenNoRoute() {
		RouterFunction<ServerResponse> scoped = PathScopedRoutes.of(ROUTES, "/api/v1/things/**");
		StepVerifier.create(scoped.route(request(MockServerHttpRequest.get("/api/v1/other")))).verifyComplete();
	}

	@Test
	void ofWhenARouteIsOutsideTheGuardThenRefusedAtStart() {
		assertThatIllegalArgumentException().isThrownBy(() -> PathScopedRoutes.of(ROUTES, "/api/v1/things"))
			.withMessageContaining("/api/v1/things/{id}");
	}

	private static ServerRequest request(MockServerHttpRequest.BaseBuilder<?> request) {
		List<HttpMessageReader<?>> readers = ServerCodecConfigurer.create().getReaders();
		return ServerRequest.create(MockServerWebExchange.from(request), readers);
	}

}
