package dev.authflux.bench;

import java.time.Duration;
import java.util.List;

import dev.authflux.user.PasswordHasher;
import dev.authflux.user.PasswordProperties;
import dev.authflux.web.ProblemExceptionHandler;
import dev.authflux.web.Problems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.HandlerStrategies;

import static org.assertj.core.api.Assertions.assertThat;

/** The routes {@code make bench} relies on, bound without the rest of the application. */
class BenchRoutesTests {

	private final PasswordHasher hasher = new PasswordHasher(
			new PasswordProperties(1024, 1, 1, 1, 4, Duration.ofSeconds(5), 0, 1), new SimpleMeterRegistry());

	private final BenchRoutes routes = new BenchRoutes();

	private final WebTestClient client = clientWithProfiles(BenchRoutes.PROFILE);

	private WebTestClient clientWithProfiles(String... profiles) {
		MockEnvironment environment = new MockEnvironment();
		environment.setActiveProfiles(profiles);
		return WebTestClient
			.bindToRouterFunction(this.routes.benchRouter(this.routes.benchHandler(this.hasher), environment))
			.handlerStrategies(HandlerStrategies.builder()
				.exceptionHandler(
						new ProblemExceptionHandler(new Problems(16384), JsonMapper.builder().build(), List.of()))
				.build())
			.build();
	}

	@AfterEach
	void shutdown() {
		this.hasher.destroy();
	}

	@Test
	void floorWhenCalledThenConstantJson() {
		this.client.get()
			.uri("/bench/floor")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("application/json")
			.expectBody()
			.json("{\"status\":\"ok\"}");
	}

	@Test
	void routesWhenBenchProfileInactiveThenNotFound() {
		WebTestClient production = clientWithProfiles();
		production.get().uri("/bench/floor").exchange().expectStatus().isNotFound();
		production.get().uri("/bench/hash-cost?n=3").exchange().expectStatus().isNotFound();
	}

	@Test
	void hashCostWhenNGivenThenTimesThatManyHashes() {
		this.client.get()
			.uri("/bench/hash-cost?n=3")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.hashes")
			.isEqualTo(3)
			.jsonPath("$.avg_ms")
			.value((Double avg) -> assertThat(avg).isPositive())
			.jsonPath("$.parameters")
			.isEqualTo("$argon2id$v=19$m=1024,t=1,p=1")
			.jsonPath("$.library")
			.isEqualTo(this.hasher.library());
	}

	@Test
	void hashCostWhenNOutOfRangeThenRejected() {
		for (String n : List.of("0", "abc", "201")) {
			this.client.get()
				.uri("/bench/hash-cost?n=" + n)
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("validation_failed");
		}
	}

	@Test
	void hashCostOfSamplesIsAverageMinAndMaxInMillisWithParameters() {
		String hash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA";
		HashCost cost = HashCost.of(List.of(new HashCost.Sample(hash, Duration.ofMillis(10)),
				new HashCost.Sample(hash, Duration.ofMillis(30))), "/opt/libargon2.so");
		assertThat(cost)
			.isEqualTo(new HashCost(2, "$argon2id$v=19$m=8,t=1,p=1", 20.0, 10.0, 30.0, "/opt/libargon2.so"));
	}

}
