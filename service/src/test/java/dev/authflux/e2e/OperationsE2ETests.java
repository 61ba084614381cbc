package dev.authflux.e2e;

import dev.authflux.support.ApplicationTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What an orchestrator and a metrics scraper see. */
@Tag("e2e")
class OperationsE2ETests extends ApplicationTest {

	@Test
	void livenessAndReadinessAreUpWithTheDatabase() {
		this.http.get()
			.uri("/actuator/health/liveness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		this.http.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
	}

	@Test
	void prometheusExposesHttpMetrics() {
		this.http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		this.http.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> org.assertj.core.api.Assertions.assertThat(body)
				.contains("http_server_requests_seconds")
				.contains("jvm_memory_used_bytes"));
	}

}
