package dev.authflux.web;

import java.time.Duration;

import dev.authflux.support.TestProperties;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLimitsFilterTests {

	private final RequestLimitsFilter filter = new RequestLimitsFilter(
			TestProperties.bind("authflux.web", WebProperties.class, "request-timeout=5s"));

	@Test
	void filterWhenHandlerNeverAnswersThenUnavailableAfterTheTimeout() {
		WebFilterChain stuck = (exchange) -> Mono.never();
		StepVerifier
			.withVirtualTime(() -> this.filter.filter(exchange(MockServerHttpRequest.get("/api/v1/users/me")), stuck))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(4999))
			.thenAwait(Duration.ofMillis(1))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOfSatisfying(ServiceUnavailableException.class,
					(unavailable) -> assertThat(unavailable.code()).isEqualTo("unavailable")))
			.verify();
	}

	@Test
	void filterWhenDeclaredBodyTooLargeThen413BeforeTheHandler() {
		WebFilterChain handler = (exchange) -> Mono.error(new AssertionError("must not be reached"));
		StepVerifier
			.create(this.filter.filter(exchange(MockServerHttpRequest.post("/api/v1/users").contentLength(16385)),
					handler))
			.expectError(PayloadTooLargeException.class)
			.verify();
	}

	@Test
	void filterWhenHeadersTooLargeThen431BeforeTheHandler() {
		WebFilterChain handler = (exchange) -> Mono.error(new AssertionError("must not be reached"));
		StepVerifier
			.create(this.filter.filter(
					exchange(MockServerHttpRequest.get("/api/v1/users/me").header("X-Big", "a".repeat(8200))), handler))
			.expectErrorSatisfies((error) -> assertThat(((ApiException) error).code()).isEqualTo("headers_too_large"))
			.verify();
	}

	private static MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request) {
		return MockServerWebExchange.from(request);
	}

}
