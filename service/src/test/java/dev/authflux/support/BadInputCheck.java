package dev.authflux.support;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends generated bad requests over HTTP and checks each is answered with the 4xx the
 * contract promises, in the endpoint's error format, echoes no secret and no internals,
 * and writes nothing to the state tables. The cases come from a fixed seed, so a failure
 * replays.
 */
public final class BadInputCheck {

	private static final Log logger = LogFactory.getLog(BadInputCheck.class);

	static final long SEED = 0x5EED_2026L;

	static final int BODY_LIMIT = 16 * 1024;

	private static final List<String> INTERNALS = List.of("exception", "java.", "springframework", "reactor.", "r2dbc",
			"postgres", "sqlstate", "select ", "insert into", "update ", "$argon2", "stack", "\tat ");

	private static final Map<String, Integer> casesPerEndpoint = new LinkedHashMap<>();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private BadInputCheck() {
	}

	/**
	 * One dynamic test per request, grouped by endpoint: each is refused as its
	 * {@link Refusal} says and leaves the state tables as they were.
	 */
	public static Stream<DynamicContainer> cases(WebTestClient http, String baseUrl, List<BadRequest> requests) {
		Map<String, List<BadRequest>> byEndpoint = new LinkedHashMap<>();
		requests.forEach(
				(request) -> byEndpoint.computeIfAbsent(request.endpoint(), (name) -> new ArrayList<>()).add(request));
		WebTestClient client = http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
		DatabaseState database = DatabaseState.open();
		return byEndpoint.entrySet()
			.stream()
			.map((endpoint) -> DynamicContainer.dynamicContainer(endpoint.getKey(),
					endpoint.getValue()
						.stream()
						.map((request) -> DynamicTest.dynamicTest(request.description(),
								() -> sendAndCheck(client, baseUrl, database, request)))))
			.onClose(() -> close(database));
	}

	private static void sendAndCheck(WebTestClient client, String baseUrl, DatabaseState database, BadRequest request) {
		casesPerEndpoint.merge(request.endpoint(), 1, Integer::sum);
		String before = database.fingerprint();
		EntityExchangeResult<byte[]> result = send(client, baseUrl, request);
		assertRefused(request, result);
		assertThat(database.fingerprint()).as("state tables after %s", request.description()).isEqualTo(before);
	}

	/**
	 * Sends the request; one over the body limit again if the connection was reset before
	 * its answer could be read: the service answers 413 before it has read such a body,
	 * and closes the connection with the rest unread, which TCP may turn into a reset
	 * that discards the answer on the client's side (about 1 in 600 here). A 5xx or a
	 * wrong answer is never retried.
	 */
	private static EntityExchangeResult<byte[]> send(WebTestClient client, String baseUrl, BadRequest request) {
		boolean overLimit = request.body() != null && request.body().length > BODY_LIMIT;
		for (int attempt = 1;; attempt++) {
			try {
				return sendOnce(client, baseUrl, request);
			}
			catch (WebClientRequestException ex) {
				if (!overLimit || attempt == 3) {
					throw ex;
				}
				logger.info("Connection reset while sending " + request.description() + "; sending it again");
			}
		}
	}

	private static EntityExchangeResult<byte[]> sendOnce(WebTestClient client, String baseUrl, BadRequest request) {
		WebTestClient.RequestBodySpec spec = client.method(request.method())
			.uri(URI.create(baseUrl + request.path()))
			.headers((headers) -> {
				headers.addAll(request.headers());
				if (request.body() != null && !request.chunked()) {
					// Reactor Netty would send even a single buffer chunked without it.
					headers.setContentLength(request.body().length);
				}
			});
		WebTestClient.RequestHeadersSpec<?> ready = (request.body() != null) ? spec.body(bodyOf(request)) : spec;
		return ready.exchange().expectBody().returnResult();
	}

	/**
	 * The body's bytes as they are: no encoder, so no Content-Type is added. Chunked
	 * bodies go in pieces of 4 KiB.
	 */
	private static BodyInserter<Void, ClientHttpRequest> bodyOf(BadRequest request) {
		return (message, context) -> {
			DataBufferFactory buffers = message.bufferFactory();
			if (!request.chunked()) {
				return message.writeWith(Mono.fromSupplier(() -> buffers.wrap(request.body())));
			}
			List<DataBuffer> pieces = new ArrayList<>();
			for (int start = 0; start < request.body().length; start += 4096) {
				int end = Math.min(request.body().length, start + 4096);
				pieces.add(buffers.wrap(java.util.Arrays.copyOfRange(request.body(), start, end)));
			}
			return message.writeWith(Flux.fromIterable(pieces));
		};
	}

	private static void assertRefused(BadRequest request, EntityExchangeResult<byte[]> result) {
		int status = result.getStatus().value();
		byte[] bytes = (result.getResponseBody() != null) ? result.getResponseBody() : new byte[0];
		String body = new String(bytes, StandardCharsets.UTF_8);
		String what = request.description() + " -> " + status + " " + abbreviated(body);
		Refusal refusal = request.refusal();
		Refusal.Answer answer = refusal.answers()
			.stream()
			.filter((candidate) -> candidate.status() == status)
			.findFirst()
			.orElse(null);
		assertThat(answer).as("status of %s; expected one of %s", what, refusal.answers()).isNotNull();
		HttpHeaders headers = result.getResponseHeaders();
		Map<?, ?> document = JSON.readValue(bytes, Map.class);
		switch (refusal.format()) {
			case PROBLEM -> {
				assertThat(headers.getContentType()).as(what).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
				assertThat(document.get("code")).as(what).isEqualTo(answer.code());
				assertThat(document.get("status")).as(what).isEqualTo(status);
				assertThat(document.get("type")).as(what).isEqualTo("urn:authflux:problem:" + answer.code());
			}
			case LEGACY_ERRORS -> {
				assertThat(headers.getContentType()).as(what).isEqualTo(MediaType.APPLICATION_JSON);
				assertThat(document.get("errors")).as(what).isInstanceOf(String.class);
				assertThat(document.containsKey("code")).as(what).isFalse();
			}
			case INACTIVE_TOKEN -> assertThat(document).as(what).isEqualTo(Map.of("active", false));
			case OAUTH_ERROR -> {
				assertThat(headers.getContentType()).as(what).isEqualTo(MediaType.APPLICATION_JSON);
				assertThat(document.keySet().stream().map(String::valueOf).sorted().toList()).as(what)
					.containsExactly("error", "error_description");
				assertThat(document.get("error")).as(what).isEqualTo(answer.code());
				assertThat((String) document.get("error_description")).as(what)
					.matches("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]+");
			}
		}
		if (refusal.challenge() != null) {
			assertThat(headers.getFirst(HttpHeaders.WWW_AUTHENTICATE)).as(what).isEqualTo(refusal.challenge());
		}
		if (status == 405) {
			assertThat(headers.getAllow()).as(what).isNotEmpty();
		}
		if (status == 429 || status == 503) {
			assertThat(headers.getFirst(HttpHeaders.RETRY_AFTER)).as(what).isNotBlank();
		}
		for (String secret : request.secrets()) {
			if (secret.length() >= 8) {
				assertThat(body).as("%s echoes a secret", what).doesNotContain(secret);
			}
		}
		String lowerCase = body.toLowerCase(java.util.Locale.ROOT);
		assertThat(INTERNALS).as("%s shows internals", what).noneMatch(lowerCase::contains);
	}

	/**
	 * Writes how many cases ran per endpoint, in every class so far, to
	 * {@code target/proof/bad-input.txt}.
	 */
	public static void writeSummary() throws IOException {
		List<String> lines = new ArrayList<>();
		int total = 0;
		for (Map.Entry<String, Integer> endpoint : casesPerEndpoint.entrySet()) {
			lines.add("%5d  %s".formatted(endpoint.getValue(), endpoint.getKey()));
			total += endpoint.getValue();
		}
		lines.add("%5d  in total (*BadInputE2ETests, seed %#x)".formatted(total, SEED));
		lines.forEach(logger::info);
		Path file = Path.of("target", "proof", "bad-input.txt");
		Files.createDirectories(file.getParent());
		Files.write(file, lines);
	}

	private static void close(DatabaseState database) {
		try {
			database.close();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String abbreviated(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "..." : text;
	}

}
