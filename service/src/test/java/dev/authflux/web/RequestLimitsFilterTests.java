package dev.authflux.web;

import java.lang.ref.WeakReference;
import java.time.Duration;

import dev.authflux.support.TestProperties;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RequestLimitsFilterTests {

	private final RequestDeadlines deadlines = new RequestDeadlines();

	private final RequestLimitsFilter filter = new RequestLimitsFilter(
			TestProperties.bind("authflux.web", WebProperties.class, "request-timeout=1s"), this.deadlines);

	@AfterEach
	void stopTimer() {
		this.deadlines.destroy();
	}

	@Test
	void filterWhenHandlerNeverAnswersThenUnavailableAfterTheTimeout() {
		WebFilterChain stuck = (exchange) -> Mono.never();
		StepVerifier.create(this.filter.filter(exchange(MockServerHttpRequest.get("/api/v1/users/me")), stuck))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(500))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOfSatisfying(ServiceUnavailableException.class,
					(unavailable) -> assertThat(unavailable.code()).isEqualTo("unavailable")))
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void filterWhenHandlerAnswersInTimeThenItsAnswerAndTheDeadlineIsCancelled() {
		AtomicBoolean answered = new AtomicBoolean();
		WebFilterChain quick = (exchange) -> Mono.fromRunnable(() -> answered.set(true));
		StepVerifier.create(this.filter.filter(exchange(MockServerHttpRequest.get("/api/v1/users/me")), quick))
			.verifyComplete();
		assertThat(answered).isTrue();
		// The timer forgets a cancelled deadline at its next tick.
		await().untilAsserted(() -> assertThat(this.deadlines.pending()).isZero());
	}

	@Test
	void cancelledDeadlineNoLongerKeepsItsRequestReachable() {
		// A wheel whose next tick is an hour away still holds the cancelled deadline for
		// the whole test, as the real one does for up to 100 ms.
		RequestDeadlines wheel = new RequestDeadlines(Duration.ofHours(1));
		try {
			WeakReference<Object> request = subscribeAndCancel(wheel);
			await().untilAsserted(() -> {
				System.gc();
				assertThat(request.get()).as("the request, collected").isNull();
			});
			assertThat(wheel.pending()).as("deadlines still held by the wheel").isOne();
		}
		finally {
			wheel.destroy();
		}
	}

	/** A request's stand-in, reachable only from a deadline's subscriber, cancelled. */
	private static WeakReference<Object> subscribeAndCancel(RequestDeadlines wheel) {
		Object request = new Object();
		Disposable subscription = wheel.after(Duration.ofMinutes(1)).subscribe((done) -> request.hashCode());
		subscription.dispose();
		return new WeakReference<>(request);
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
