package dev.authflux.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.DatabaseProxy;
import dev.authflux.support.HttpCalls;
import dev.authflux.support.HttpCalls.Answer;
import dev.authflux.support.OtherInstance;
import dev.authflux.support.TestUsers;
import dev.authflux.support.TestUsers.Credentials;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away under load and comes back. A second instance of the service
 * reaches PostgreSQL only through a {@link DatabaseProxy} that the test cuts: while it is
 * cut the instance is not ready, stays alive, and answers every request at once with 503
 * {@code unavailable} and {@code Retry-After}, never a 500 and never a hang; when it is
 * back the instance recovers by itself; and no registration it acknowledged is lost.
 */
@Tag("e2e")
class DatabaseFaultE2ETests extends ApplicationTest {

	private static final Log logger = LogFactory.getLog(DatabaseFaultE2ETests.class);

	/** Generous: outages and recoveries go at the pace of timeouts and backoffs. */
	private static final Duration BOUND = Duration.ofSeconds(60);

	@Test
	void outageIsAnswered503UntilTheDatabaseIsBackAndNoAcknowledgedRegistrationIsLost() {
		try (DatabaseProxy proxy = DatabaseProxy.toTestDatabase();
				OtherInstance service = OtherInstance.start("AUTHFLUX_DB_HOST=127.0.0.1",
						"AUTHFLUX_DB_PORT=" + proxy.port());
				SteadyLoad load = new SteadyLoad(new HttpCalls(service.baseUrl()), 4)) {
			HttpCalls calls = new HttpCalls(service.baseUrl());
			await().atMost(BOUND).untilAsserted(() -> assertThat(load.count("up", 201)).isGreaterThanOrEqualTo(10));

			load.phase("down");
			proxy.stop();
			await().atMost(BOUND).untilAsserted(() -> assertHealth(calls, "/readyz", 503, "DOWN"));
			assertHealth(calls, "/livez", 200, "UP");
			await().atMost(BOUND).untilAsserted(() -> assertThat(load.count("down", 503)).isGreaterThanOrEqualTo(20));
			assertHealth(calls, "/livez", 200, "UP");

			load.phase("back");
			proxy.start();
			await().atMost(BOUND).untilAsserted(() -> assertHealth(calls, "/readyz", 200, "UP"));
			await().atMost(BOUND).untilAsserted(() -> assertThat(load.count("back", 201)).isGreaterThanOrEqualTo(10));
			AuthClient recovered = new AuthClient(service.http());
			recovered.me(recovered.registerAndLogin(TestUsers.unique("after-outage")).accessToken())
				.expectStatus()
				.isOk();

			load.close();
			logger.info("Answers by phase, operation and status: " + load.summary());
			assertThat(load.answers()).allSatisfy(DatabaseFaultE2ETests::assertAcceptable);
			assertThat(load.registered()).isNotEmpty();
			AuthClient direct = new AuthClient(this.http);
			load.registered().forEach(direct::login);
		}
	}

	/** Success, or 503 with a code and Retry-After; an answer, never a timeout. */
	private static void assertAcceptable(Recorded recorded) {
		Answer answer = recorded.answer();
		assertThat(answer.answered()).as("%s got an answer", recorded).isTrue();
		assertThat(answer.status()).as("%s", recorded).isIn(200, 201, 503);
		if (answer.status() == 503) {
			assertThat(answer.code()).as("%s", recorded).isIn("unavailable", "overloaded");
			assertThat(answer.headers().getFirst(HttpHeaders.RETRY_AFTER)).as("%s", recorded).isNotBlank();
		}
	}

	/** A probe as an orchestrator sends it, on the public port. */
	private static void assertHealth(HttpCalls calls, String probe, int status, String state) {
		Answer answer = calls.send(HttpMethod.GET, probe, null, null).block();
		assertThat(answer.status()).as("%s %s", probe, answer).isEqualTo(status);
		assertThat(answer.string("status")).as("%s %s", probe, answer).isEqualTo(state);
	}

	/** One answer of the load, with the phase it was sent in and how long it took. */
	record Recorded(String phase, String operation, Answer answer, Duration took) {

		@Override
		public String toString() {
			return this.operation + " while the database was " + this.phase + " -> " + this.answer;
		}

	}

	/**
	 * Clients that each register a new user, log in and ask for {@code /me}, over and
	 * over, until closed; on plain threads, which may block while they wait.
	 */
	static final class SteadyLoad implements AutoCloseable {

		private final HttpCalls calls;

		private final ExecutorService clients;

		private final ConcurrentLinkedQueue<Recorded> answers = new ConcurrentLinkedQueue<>();

		private final ConcurrentLinkedQueue<Credentials> registered = new ConcurrentLinkedQueue<>();

		private volatile String phase = "up";

		private volatile boolean running = true;

		SteadyLoad(HttpCalls calls, int clients) {
			this.calls = calls;
			this.clients = Executors.newFixedThreadPool(clients);
			for (int i = 0; i < clients; i++) {
				this.clients.execute(this::run);
			}
		}

		void phase(String phase) {
			this.phase = phase;
		}

		/**
		 * Registers a new user, logs in the newest user registered, and asks for
		 * {@code /me} with the newest access token, so every kind of request goes on
		 * during the outage too.
		 */
		private void run() {
			Credentials known = null;
			String token = null;
			while (this.running) {
				Credentials user = TestUsers.unique("outage");
				if (send("register", HttpMethod.POST, "/api/v1/users", null, user.json()).status() == 201) {
					this.registered.add(user);
					known = user;
				}
				if (known != null) {
					Answer login = send("login", HttpMethod.POST, "/api/v1/sessions", null, known.json());
					token = (login.status() == 201) ? login.string("access_token") : token;
				}
				if (token != null) {
					send("me", HttpMethod.GET, "/api/v1/users/me", token, null);
				}
			}
		}

		private Answer send(String operation, HttpMethod method, String path, String bearer, String json) {
			String sentIn = this.phase;
			long start = System.nanoTime();
			Answer answer = this.calls.send(method, path, bearer, json).block();
			this.answers.add(new Recorded(sentIn, operation, answer, Duration.ofNanos(System.nanoTime() - start)));
			return answer;
		}

		long count(String phase, int status) {
			return this.answers.stream()
				.filter((recorded) -> recorded.phase().equals(phase) && recorded.answer().status() == status)
				.count();
		}

		List<Recorded> answers() {
			return new ArrayList<>(this.answers);
		}

		List<Credentials> registered() {
			return new ArrayList<>(this.registered);
		}

		/** Counts and slowest answer per phase, operation and status, for the log. */
		Map<String, String> summary() {
			Map<String, List<Recorded>> groups = this.answers.stream()
				.collect(Collectors.groupingBy(
						(recorded) -> recorded.phase() + " " + recorded.operation() + " " + recorded.answer().status(),
						TreeMap::new, Collectors.toList()));
			Map<String, String> summary = new TreeMap<>();
			groups.forEach((group, recorded) -> summary.put(group,
					recorded.size() + " (slowest "
							+ recorded.stream().map(Recorded::took).max(Duration::compareTo).orElseThrow().toMillis()
							+ " ms)"));
			return summary;
		}

		@Override
		public void close() {
			this.running = false;
			this.clients.shutdown();
			try {
				assertThat(this.clients.awaitTermination(2, TimeUnit.MINUTES)).as("load stopped").isTrue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
