package dev.authflux.support;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What the throttling tests send and expect. */
public final class Throttling {

	private static final String HASH_METRIC = "authflux.password.hashing";

	private Throttling() {
	}

	/** A login body with the wrong password for this name. */
	public static String wrong(String username) {
		return new TestUsers.Credentials(username, "not the password").json();
	}

	/** A refusal as throttled: 429 {@code too_many_attempts} with {@code Retry-After}. */
	public static WebTestClient.BodyContentSpec assertThrottled(WebTestClient.ResponseSpec response) {
		return response.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("too_many_attempts");
	}

	/** Password hashes and verifications an instance has computed so far. */
	public static double hashes(MeterRegistry meters) {
		return meters.get(HASH_METRIC).timers().stream().mapToDouble((timer) -> timer.count()).sum();
	}

}
