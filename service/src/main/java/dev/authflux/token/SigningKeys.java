package dev.authflux.token;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Component;

/**
 * The current {@link KeySet}, shared by all instances through the database. The first
 * instance to start generates the key; the others, and later starts, load it. Each
 * instance re-reads the keys every {@link TokenProperties#keyRefreshInterval()}, so a key
 * added elsewhere reaches it without a restart. A failed load (database down) is not
 * cached: the next request tries again.
 */
@Component
public class SigningKeys {

	private final SigningKeyRepository repository;

	private final TokenProperties properties;

	private final SecureRandom random;

	private final Mono<KeySet> current;

	SigningKeys(SigningKeyRepository repository, TokenProperties properties, SecureRandom random) {
		this.repository = repository;
		this.properties = properties;
		this.random = random;
		this.current = Mono.defer(this::load)
			.cache((keys) -> properties.keyRefreshInterval(), (error) -> Duration.ZERO, () -> Duration.ZERO);
	}

	Mono<KeySet> current() {
		return this.current;
	}

	private Mono<KeySet> load() {
		return findUsable()
			.flatMap((keys) -> hasActiveKey(keys) ? Mono.just(keys) : createActiveKey().then(findUsable()))
			.map((keys) -> {
				try {
					return KeySet.of(keys, this.properties, this.random);
				}
				catch (Exception ex) {
					throw new IllegalStateException("Signing keys could not be loaded", ex);
				}
			});
	}

	private Mono<List<StoredKey>> findUsable() {
		return this.repository.findUsable(this.properties.retiredKeyGrace()).collectList();
	}

	private boolean hasActiveKey(List<StoredKey> keys) {
		String algorithm = this.properties.algorithm().jwsAlgorithm().getName();
		return keys.stream().anyMatch((key) -> key.active() && key.algorithm().equals(algorithm));
	}

	/**
	 * Key generation is CPU-heavy (RSA: tens of milliseconds), so it runs off the event
	 * loop.
	 */
	private Mono<Void> createActiveKey() {
		SigningAlgorithm algorithm = this.properties.algorithm();
		return Mono.fromCallable(algorithm::generate)
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((JWK key) -> this.repository.insertIfNoneActive(key.getKeyID(), algorithm.jwsAlgorithm().getName(),
					key.toJSONString()));
	}

}
