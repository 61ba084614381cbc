package dev.authflux.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code interop} module's Spring Boot application ({@code authflux-interop.jar},
 * named by the pom as {@code authflux.interop.jar}) as an OS process: a relying party or
 * resource server whose security nobody here wrote, only configured through its profile
 * ({@code interop/src/main/resources/application-<profile>.yaml}). Its output goes to
 * {@code target/interop-<profile>-<port>.log}.
 */
public final class InteropProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path log;

	private InteropProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * @param profile the Spring profile, e.g. {@code resource-server-jwt}
	 * @param issuer authflux's issuer, which is also its base URL
	 * @param settings more environment variables, {@code NAME=value}
	 */
	public static InteropProcess start(String profile, String issuer, String... settings) throws IOException {
		return start(profile, freePort(), issuer, settings);
	}

	/**
	 * As {@link #start(String, String, String...)}, on a port chosen beforehand: a
	 * relying party's redirect URI, registered before it starts, names it.
	 * @param port a port from {@link #freePort()}
	 */
	public static InteropProcess start(String profile, int port, String issuer, String... settings) throws IOException {
		String jar = System.getProperty("authflux.interop.jar");
		assertThat(jar).as("system property authflux.interop.jar (set by service/pom.xml)").isNotNull();
		assertThat(Path.of(jar)).as("the interop application; build it with ./mvnw -pl interop package").exists();
		Path log = Path.of("target", "interop-" + profile + "-" + port + ".log").toAbsolutePath();
		Files.createDirectories(log.getParent());
		List<String> command = List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xmx256m",
				"-XX:TieredStopAtLevel=1", "-jar", jar, "--spring.profiles.active=" + profile);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		Map<String, String> environment = builder.environment();
		environment.put("PORT", Integer.toString(port));
		environment.put("AUTHFLUX_ISSUER", issuer);
		for (String setting : settings) {
			int equals = setting.indexOf('=');
			environment.put(setting.substring(0, equals), setting.substring(equals + 1));
		}
		return new InteropProcess(builder.start(), port, log);
	}

	public String baseUrl() {
		return "http://localhost:" + this.port;
	}

	/**
	 * Waits until Spring Security answers: an unauthenticated {@code GET /whoami} gets
	 * its 401 (a resource server). Fails with the end of the log if the process dies
	 * first.
	 */
	public InteropProcess awaitReady(Duration bound) throws IOException {
		return awaitReady(bound, "/whoami", 401);
	}

	/**
	 * Waits until Spring Security answers an unauthenticated {@code GET path} with
	 * {@code status}: a 401 for a resource server, the redirect to the sign-in for
	 * {@code oauth2Login()}.
	 */
	public InteropProcess awaitReady(Duration bound, String path, int status) throws IOException {
		HttpCalls calls = new HttpCalls(baseUrl());
		try {
			await("interop application ready on " + baseUrl()).atMost(bound)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> {
					assertThat(this.process.isAlive()).as("interop process alive; its log ends:%n%s", tail()).isTrue();
					return calls.send(HttpMethod.GET, path, null, null).block().status() == status;
				});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(
					"interop application not ready within %s; its log ends:%n%s".formatted(bound, tail()), ex);
		}
		return this;
	}

	/** The last lines of the process' output. */
	public String tail() throws IOException {
		List<String> lines = Files.readAllLines(this.log);
		return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	/** SIGTERM, and SIGKILL if it has not exited 10 seconds later. */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/** A port nothing listens on now. */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
