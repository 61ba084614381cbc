package dev.authflux.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.HttpCalls;
import dev.authflux.support.HttpCalls.Answer;
import dev.authflux.support.ServiceProcess;
import dev.authflux.support.TestUsers;
import dev.authflux.support.TestUsers.Credentials;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to a service process with requests in flight, as an orchestrator stops a
 * replica: the requests it accepted are all answered in full, new connections are refused
 * meanwhile, and the process exits on its own within the graceful-shutdown period
 * ({@code server.shutdown: graceful}, 30 s per phase by default; the 5 s request timeout
 * ends every request long before).
 */
@Tag("e2e")
class GracefulShutdownE2ETests extends ApplicationTest {

	private static final Log logger = LogFactory.getLog(GracefulShutdownE2ETests.class);

	/** Spring Boot's default timeout per shutdown phase, and a margin to exit. */
	private static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(30 + 15);

	@Test
	void sigtermAnswersRequestsInFlightRefusesNewConnectionsAndExits() throws Exception {
		// One hashing thread: the logins and registrations below queue for it, so most
		// are still waiting when the signal comes. None is turned away for waiting long
		// (a minute is past the 5 s request timeout): this test is about shutdown, and on
		// a busy machine the hash pool's estimate would otherwise refuse some of them.
		try (ServiceProcess service = ServiceProcess.start("graceful-shutdown-service", "AUTHFLUX_PASSWORD_THREADS=1",
				"AUTHFLUX_PASSWORD_MAX_WAIT=1m")) {
			service.awaitReady(Duration.ofMinutes(2));
			HttpCalls calls = new HttpCalls(service.baseUrl());
			Credentials existing = TestUsers.unique("graceful");
			assertThat(calls.send(HttpMethod.POST, "/api/v1/users", null, existing.json()).block().status())
				.isEqualTo(201);
			// Few enough that the last still ends within the 5 s request timeout here.
			List<Credentials> newcomers = IntStream.range(0, 12).mapToObj((i) -> TestUsers.unique("graceful")).toList();
			List<Mono<Answer>> work = new ArrayList<>();
			for (Credentials newcomer : newcomers) {
				work.add(calls.send(HttpMethod.POST, "/api/v1/sessions", null, existing.json()));
				work.add(calls.send(HttpMethod.POST, "/api/v1/users", null, newcomer.json()));
			}
			CountDownLatch firstAnswers = new CountDownLatch(3);
			CompletableFuture<List<Answer>> inFlight = Flux
				.mergeSequential(
						work.stream().map((call) -> call.doOnNext((answer) -> firstAnswers.countDown())).toList())
				.collectList()
				.toFuture();
			// Three answers prove the service is working through the others, all sent.
			assertThat(firstAnswers.await(60, TimeUnit.SECONDS)).as("first answers").isTrue();

			service.terminate();
			List<Probe> probes = probeNewConnections(service, inFlight);
			int exitCode = service.awaitExit(SHUTDOWN_BOUND);
			List<Answer> answers = inFlight.get(HttpCalls.RESPONSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			logger
				.info("After SIGTERM: exit code " + exitCode + ", " + answers.stream().filter(Answer::answered).count()
						+ " of " + answers.size() + " requests in flight answered; new connections: " + probes.stream()
							.collect(Collectors.groupingBy(Probe::toString, TreeMap::new, Collectors.counting())));

			assertThat(answers).as("requests in flight").allSatisfy((answer) -> {
				assertThat(answer.answered()).as("%s", answer).isTrue();
				assertThat(answer.status()).as("%s", answer).isEqualTo(201);
			});
			assertThat(probes).as("new connections after SIGTERM")
				.noneMatch((probe) -> probe.outcome().startsWith("5"))
				.anyMatch((probe) -> probe.outcome().equals("refused") && probe.whileRequestsInFlight());
			assertThat(exitCode).as("exit code; the log ends:%n%s", service.tail()).isIn(0, 143);
			assertThat(service.tail()).contains("Graceful shutdown complete");
			AuthClient client = new AuthClient(this.http);
			newcomers.forEach(client::login);
		}
	}

	/**
	 * Opens a new connection every 20 ms until the process has exited, and asks for
	 * liveness on it if it is accepted.
	 */
	private static List<Probe> probeNewConnections(ServiceProcess service, CompletableFuture<?> inFlight)
			throws InterruptedException {
		List<Probe> probes = new ArrayList<>();
		long giveUp = System.nanoTime() + SHUTDOWN_BOUND.toNanos();
		while (service.isAlive() && System.nanoTime() < giveUp) {
			boolean requestsInFlight = !inFlight.isDone();
			probes.add(new Probe(probe(service.port()), requestsInFlight));
			Thread.sleep(20);
		}
		return probes;
	}

	/** "refused", "no answer", or the status code of the answer. */
	private static String probe(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			socket.setSoTimeout((int) HttpCalls.RESPONSE_TIMEOUT.toMillis());
			socket.getOutputStream()
				.write("GET /livez HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			String answer = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
			return answer.startsWith("HTTP/1.1 ") ? answer.substring(9, 12) : "no answer";
		}
		catch (ConnectException ex) {
			return "refused";
		}
		catch (IOException ex) {
			return "no answer";
		}
	}

	/** What a new connection got, and whether requests accepted earlier were pending. */
	record Probe(String outcome, boolean whileRequestsInFlight) {

		@Override
		public String toString() {
			return this.outcome + (this.whileRequestsInFlight ? " (requests in flight)" : "");
		}

	}

}
