package dev.authflux.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.authflux.user.PasswordHasher;
import dev.authflux.web.ValidationFailedException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The handlers of {@link BenchRoutes}, for {@code make bench} only.
 *
 * <p>
 * {@code GET /bench/floor} does no work at all: its throughput is the most any route of
 * this stack (Reactor Netty, WebFlux functional routing, the shared web filters) reaches
 * on the machine. {@code GET /bench/hash-cost?n=20} hashes {@code n} passwords one after
 * another through the application's own {@link PasswordHasher}, with its configured
 * parameters and pool, and reports the average: the CPU cost that bounds login
 * throughput.
 */
class BenchHandler {

	static final int DEFAULT_HASHES = 20;

	static final int MAX_HASHES = 200;

	private static final byte[] FLOOR_BODY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

	private final PasswordHasher hasher;

	BenchHandler(PasswordHasher hasher) {
		this.hasher = hasher;
	}

	Mono<ServerResponse> floor(ServerRequest request) {
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(FLOOR_BODY);
	}

	Mono<ServerResponse> hashCost(ServerRequest request) {
		return hashCount(request).flatMapMany((hashes) -> Flux.range(0, hashes))
			.concatMap(this::timedHash)
			.collectList()
			.map((samples) -> HashCost.of(samples, this.hasher.library()))
			.flatMap((cost) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(cost));
	}

	/** One hash, timed from its submission to the pool until its result. */
	private Mono<HashCost.Sample> timedHash(int index) {
		return Mono.fromSupplier(System::nanoTime)
			.flatMap((start) -> this.hasher.hash("bench hash cost " + index)
				.map((hash) -> new HashCost.Sample(hash, Duration.ofNanos(System.nanoTime() - start))));
	}

	private static Mono<Integer> hashCount(ServerRequest request) {
		String value = request.queryParam("n").orElse(Integer.toString(DEFAULT_HASHES));
		if (value.matches("[0-9]{1,3}")) {
			int hashes = Integer.parseInt(value);
			if (hashes >= 1 && hashes <= MAX_HASHES) {
				return Mono.just(hashes);
			}
		}
		return Mono.error(ValidationFailedException.of("n", "must be a number from 1 to " + MAX_HASHES));
	}

}
