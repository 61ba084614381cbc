package dev.authflux.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Requests that tests send many at once, with a reactive {@link WebClient}: each reduced
 * to an {@link Answer}, or to the reason it got none (a refused or reset connection, or
 * the client's own response timeout).
 */
public final class HttpCalls {

	/** How long a client waits for an answer: well past every timeout of the service. */
	public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WebClient web;

	public HttpCalls(String baseUrl) {
		this.web = WebClient.builder().baseUrl(baseUrl).build();
	}

	/**
	 * @param bearer an access token, or null
	 * @param json a JSON body, or null
	 */
	public Mono<Answer> send(HttpMethod method, String path, String bearer, String json) {
		WebClient.RequestBodySpec request = this.web.method(method).uri(path).headers((headers) -> {
			if (bearer != null) {
				headers.setBearerAuth(bearer);
			}
		});
		WebClient.RequestHeadersSpec<?> ready = (json != null)
				? request.contentType(MediaType.APPLICATION_JSON).bodyValue(json) : request;
		return ready
			.exchangeToMono((response) -> response.bodyToMono(byte[].class)
				.defaultIfEmpty(new byte[0])
				.map((body) -> new Answer(response.statusCode().value(), response.headers().asHttpHeaders(),
						parse(body), null)))
			.timeout(RESPONSE_TIMEOUT)
			.onErrorResume((ex) -> Mono.just(new Answer(0, HttpHeaders.EMPTY, Map.of(), ex.toString())));
	}

	/**
	 * As {@link #send}, like a well-behaved client: after 503 {@code overloaded} it waits
	 * {@code Retry-After} seconds and tries again, up to {@code attempts} times in all.
	 * For tests about what many concurrent requests do, not about load shedding: on a
	 * slow or busy machine the hash pool may turn some of them away at first.
	 */
	public Mono<Answer> sendRetryingWhenOverloaded(HttpMethod method, String path, String bearer, String json,
			int attempts) {
		return send(method, path, bearer, json).flatMap((answer) -> {
			if (attempts <= 1 || answer.status() != 503 || !"overloaded".equals(answer.code())) {
				return Mono.just(answer);
			}
			long seconds = Long.parseLong(answer.headers().getFirst(HttpHeaders.RETRY_AFTER));
			return Mono.delay(Duration.ofSeconds(seconds))
				.then(sendRetryingWhenOverloaded(method, path, bearer, json, attempts - 1));
		});
	}

	/** Sends all at once and waits for every answer; answers in the calls' order. */
	public static List<Answer> all(List<Mono<Answer>> calls) {
		return Flux.mergeSequential(calls).collectList().block(RESPONSE_TIMEOUT.plusSeconds(30));
	}

	private static Map<String, Object> parse(byte[] body) {
		try {
			return JSON.readValue(body, Map.class);
		}
		catch (RuntimeException ex) {
			return Map.of();
		}
	}

	/**
	 * An answer, or why there was none.
	 *
	 * @param status the HTTP status, 0 if there was no answer
	 * @param headers the response headers
	 * @param body the JSON object of the body, empty if there was none
	 * @param failure why there was no answer, or null
	 */
	public record Answer(int status, HttpHeaders headers, Map<String, Object> body, String failure) {

		public boolean answered() {
			return this.failure == null;
		}

		public String code() {
			return (String) this.body.get("code");
		}

		public String string(String member) {
			return (String) this.body.get(member);
		}

		@Override
		public String toString() {
			return answered() ? this.status + " " + this.body : "no answer: " + this.failure;
		}

	}

}
