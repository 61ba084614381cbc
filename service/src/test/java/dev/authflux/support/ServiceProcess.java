package dev.authflux.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.authflux.AuthApplication;
import org.awaitility.core.ConditionTimeoutException;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service as an OS process of its own, for what only a process shows: how it answers
 * a signal, and its exit code. It runs {@link AuthApplication} on the test JVM's class
 * path in a plain JVM (no BlockHound, no coverage agent), on the test database; its
 * output goes to a file under {@code target/}.
 */
public final class ServiceProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path log;

	private ServiceProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * @param name names the log file, {@code target/<name>.log}
	 * @param settings environment variables, {@code NAME=value}
	 */
	public static ServiceProcess start(String name, String... settings) throws IOException {
		return start(name, List.of(), settings);
	}

	/**
	 * @param name names the log file, {@code target/<name>.log}
	 * @param jvmOptions options for the service's JVM, such as system properties
	 * @param settings environment variables, {@code NAME=value}
	 */
	public static ServiceProcess start(String name, List<String> jvmOptions, String... settings) throws IOException {
		int port = freePort();
		Path log = Path.of("target", name + ".log").toAbsolutePath();
		Files.createDirectories(log.getParent());
		List<String> command = new ArrayList<>(
				List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xmx384m"));
		// The argon2 build the tests hash with (user/NativeArgon2, named by the pom).
		String argon2 = System.getProperty("authflux.argon2.library-dir");
		if (argon2 != null) {
			command.add("-Dauthflux.argon2.library-dir=" + argon2);
		}
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), AuthApplication.class.getName()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		Map<String, String> environment = builder.environment();
		// The environment rather than arguments, so the password is not on a command
		// line.
		TestDatabase.shared().properties().forEach((key, value) -> environment.put(key, String.valueOf(value)));
		environment.putAll(TestMailServer.shared().environment());
		environment.put("PORT", Integer.toString(port));
		// Any free port: processes and test instances run side by side.
		environment.put("AUTHFLUX_MANAGEMENT_PORT", "0");
		// As in ApplicationTest: every test request comes from 127.0.0.1 and the
		// per-network counters are shared through the database, so a default limit here
		// would refuse that address for the rest of the suite.
		for (String rule : List.of("IP_MAX_FAILURES", "REGISTRATION_MAX_TAKEN", "CLIENT_AUTH_MAX_FAILURES")) {
			environment.put("AUTHFLUX_THROTTLE_" + rule, Integer.toString(Integer.MAX_VALUE));
		}
		for (String setting : settings) {
			int equals = setting.indexOf('=');
			environment.put(setting.substring(0, equals), setting.substring(equals + 1));
		}
		return new ServiceProcess(builder.start(), port, log);
	}

	public String baseUrl() {
		return "http://localhost:" + this.port;
	}

	public int port() {
		return this.port;
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Waits for readiness, as an orchestrator sees it on the public port; fails with the
	 * end of the log if the process dies first.
	 */
	public void awaitReady(Duration bound) throws IOException {
		HttpCalls calls = new HttpCalls(baseUrl());
		try {
			await("service ready on " + baseUrl()).atMost(bound).pollInterval(Duration.ofMillis(200)).until(() -> {
				if (calls.send(HttpMethod.GET, "/readyz", null, null).block().status() == 200) {
					return true;
				}
				// A dead process is never going to be ready: no point waiting out the
				// bound.
				assertThat(this.process.isAlive()).as("service process alive; its log ends:%n%s", tail()).isTrue();
				return false;
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("service not ready within %s; its log ends:%n%s".formatted(bound, tail()), ex);
		}
	}

	/** SIGTERM, as an orchestrator stops a container ({@link Process#destroy()}). */
	public void terminate() {
		this.process.destroy();
	}

	/** The exit code, or fails if the process has not exited within the bound. */
	public int awaitExit(Duration bound) throws InterruptedException, IOException {
		assertThat(this.process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS))
			.as("service exited within %s; its log ends:%n%s", bound, tail())
			.isTrue();
		return this.process.exitValue();
	}

	/** The process' whole output so far. */
	public String output() throws IOException {
		return Files.readString(this.log);
	}

	/** The last lines of the process' output. */
	public String tail() throws IOException {
		List<String> lines = Files.readAllLines(this.log);
		return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
