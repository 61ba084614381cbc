package dev.authflux.throttle;

import java.time.Clock;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.authflux.audit.AuditEvent;
import dev.authflux.audit.ClientInfo;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Throttles guessing of API clients' secrets per client network: the introspection and
 * admin clients, and OAuth clients at the token endpoint. Failures are counted in
 * PostgreSQL; the refusal is remembered by each instance that counted the failure which
 * filled the window, so that the hot path of a correctly authenticated client never waits
 * for the database. Across N instances a guesser thus gets at most N - 1 tries more than
 * the limit.
 */
@Component
public class ClientAuthenticationThrottle {

	private final NetworkCounters counters;

	private final Clock clock;

	private final Cache<String, Instant> refused;

	ClientAuthenticationThrottle(NetworkCounters counters, ThrottleProperties rules, Clock clock) {
		this.counters = counters;
		this.clock = clock;
		this.refused = Caffeine.newBuilder()
			.maximumSize(10_000)
			.expireAfterWrite(NetworkRule.CLIENT_AUTHENTICATION.window(rules))
			.build();
	}

	/**
	 * Empty if {@code authenticated} says the request's credentials are right; else the
	 * failure is counted and audited and {@code invalid} is the error. While the client's
	 * network is refused, {@link TooManyAttemptsException} without looking at the
	 * credentials.
	 */
	public Mono<Void> authenticate(ClientInfo client, String clientName, BooleanSupplier authenticated,
			Supplier<? extends RuntimeException> invalid) {
		return check(client).then(Mono.defer(() -> authenticated.getAsBoolean() ? Mono.empty()
				: failed(client, clientName).then(Mono.error(invalid.get()))));
	}

	/**
	 * As {@link #authenticate(ClientInfo, String, BooleanSupplier, Supplier)}, for
	 * credentials that take a lookup to check: {@code authenticated} emits the
	 * authenticated client, or completes empty if the credentials are wrong. It is not
	 * subscribed to while the client's network is refused.
	 */
	public <T> Mono<T> authenticate(ClientInfo client, String clientName, Mono<T> authenticated,
			Supplier<? extends RuntimeException> invalid) {
		return check(client).then(authenticated)
			.switchIfEmpty(Mono.defer(() -> failed(client, clientName).then(Mono.error(invalid.get()))));
	}

	private Mono<Void> check(ClientInfo client) {
		return Mono.defer(() -> {
			Instant until = this.refused.getIfPresent(ClientNetwork.of(client.ip()));
			return (until != null && until.isAfter(this.clock.instant()))
					? Mono.error(TooManyAttemptsException.until(until, this.clock)) : Mono.empty();
		});
	}

	private Mono<Void> failed(ClientInfo client, String clientName) {
		return this.counters
			.count(NetworkRule.CLIENT_AUTHENTICATION, client, AuditEvent.CLIENT_AUTHENTICATION_FAILED, null, clientName)
			.doOnNext((until) -> until.ifPresent((instant) -> this.refused.put(ClientNetwork.of(client.ip()), instant)))
			.then();
	}

}
