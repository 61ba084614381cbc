package dev.authflux.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A relying party made of the npm package {@code openid-client} alone
 * ({@code interop/node/rp.mjs}, installed from its lockfile by {@code make test}), run by
 * Node one step at a time: the client code under test is a third party's, only driven
 * from here.
 */
public final class OpenidClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String issuer;

	public OpenidClient(String issuer) {
		this.issuer = issuer;
	}

	/** What one step printed, and whether it ended in an OAuth error (exit code 2). */
	public record Result(int exitCode, Map<String, Object> body) {

		public boolean isError() {
			return this.exitCode == 2;
		}

	}

	/**
	 * Runs {@code node rp.mjs <step> <json>} with the issuer added to the arguments.
	 * @param arguments the step's arguments besides the issuer
	 */
	public Result run(String step, Map<String, Object> arguments) throws IOException, InterruptedException {
		String directory = System.getProperty("authflux.openid-client.dir");
		assertThat(directory).as("system property authflux.openid-client.dir (set by service/pom.xml)").isNotNull();
		assertThat(Path.of(directory, "node_modules", "openid-client"))
			.as("openid-client installed; run make test, or npm ci --prefix interop/node")
			.exists();
		Map<String, Object> withIssuer = new LinkedHashMap<>(arguments);
		withIssuer.put("issuer", this.issuer);
		Process node = new ProcessBuilder(List.of("node", "rp.mjs", step, JSON.writeValueAsString(withIssuer)))
			.directory(Path.of(directory).toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node rp.mjs %s finished", step).isTrue();
		int exitCode = node.exitValue();
		assertThat(exitCode).as("node rp.mjs %s exit code; it printed: %s", step, output).isIn(0, 2);
		return new Result(exitCode, JSON.readValue(output, new TypeReference<Map<String, Object>>() {
		}));
	}

}
