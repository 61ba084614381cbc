package dev.authflux.token;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.nimbusds.jose.jwk.JWK;
import dev.authflux.system.BackgroundWork;
import dev.authflux.system.NotificationSubscriber;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Component;

/**
 * The current {@link KeySet}, shared by all instances through the database: one active
 * key for the access-token algorithm and one for the ID-token algorithm (a single key
 * when the two are equal). The first instance to start generates them; the others, and
 * later starts, load them. Both are there, and published, before the first token is
 * signed: resource servers such as Spring Security's learn the accepted algorithms from
 * the JWKS once, so a key family published later would never be accepted by them.
 *
 * <p>
 * Requests never wait for the database here: the key set is held in memory. It is read
 * again whenever PostgreSQL announces a change of {@code signing_keys} on
 * {@value #CHANNEL} (a rotation on any instance, or hand-written SQL), and when listening
 * starts or resumes, since changes may have been missed meanwhile. The background read
 * every {@link TokenProperties#keyRefreshInterval()} bounds how stale the keys can be
 * while notifications cannot arrive. A token naming a key this instance does not know yet
 * makes it read the keys at once, at most every {@link #UNKNOWN_KEY_RELOAD_INTERVAL}, so
 * forged key ids cannot turn into database load.
 */
@Component
public class SigningKeys extends BackgroundWork implements NotificationSubscriber {

	static final String CHANNEL = "authflux_keys_changed";

	static final Duration UNKNOWN_KEY_RELOAD_INTERVAL = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(SigningKeys.class);

	private final SigningKeyRepository repository;

	private final TokenProperties properties;

	private final SecureRandom random;

	private final Clock clock;

	private final AtomicReference<KeySet> current = new AtomicReference<>();

	/**
	 * Concurrent callers share one read; the next call after it completes reads again.
	 */
	private final Mono<KeySet> reload;

	private volatile Instant lastLoaded = Instant.MIN;

	/**
	 * Reads in flight, which a caller of {@link #reload} must not join. A count rather
	 * than a flag: a read chained onto another begins before the first one's end is
	 * recorded.
	 */
	private final AtomicInteger reading = new AtomicInteger();

	SigningKeys(SigningKeyRepository repository, TokenProperties properties, SecureRandom random, Clock clock) {
		this.repository = repository;
		this.properties = properties;
		this.random = random;
		this.clock = clock;
		this.reload = Mono.defer(() -> {
			this.reading.incrementAndGet();
			return load();
		})
			.doOnNext(this::loaded)
			.doFinally((signal) -> this.reading.decrementAndGet())
			.cache((keys) -> Duration.ZERO, (error) -> Duration.ZERO, () -> Duration.ZERO);
	}

	/** The keys in memory, or the first read of them. */
	Mono<KeySet> current() {
		KeySet keys = this.current.get();
		return (keys != null) ? Mono.just(keys) : this.reload;
	}

	/**
	 * The keys read again if a token names an unknown key, unless they were read less
	 * than {@link #UNKNOWN_KEY_RELOAD_INTERVAL} ago.
	 */
	Mono<KeySet> reloadForUnknownKey() {
		if (this.lastLoaded.plus(UNKNOWN_KEY_RELOAD_INTERVAL).isAfter(this.clock.instant())) {
			return current();
		}
		return this.reload;
	}

	/**
	 * Reads the keys again in a read that begins after this is subscribed to: for a
	 * change just made or announced. A read already in flight may have begun before the
	 * change committed, so it is waited for and followed by another.
	 */
	Mono<KeySet> reload() {
		return Mono
			.defer(() -> (this.reading.get() > 0) ? this.reload.onErrorComplete().then(this.reload) : this.reload);
	}

	private void loaded(KeySet keys) {
		this.current.set(keys);
		this.lastLoaded = this.clock.instant();
	}

	private Mono<KeySet> load() {
		return findUsable().flatMap((keys) -> {
			List<SigningAlgorithm> missing = withoutActiveKey(keys);
			return missing.isEmpty() ? Mono.just(keys)
					: Flux.fromIterable(missing).concatMap(this::createActiveKey).then(findUsable());
		}).map((keys) -> {
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

	/** The configured algorithms, access tokens' first, each once. */
	private static List<SigningAlgorithm> algorithms(TokenProperties properties) {
		return Stream.of(properties.algorithm(), properties.idTokenAlgorithm()).distinct().toList();
	}

	private List<SigningAlgorithm> withoutActiveKey(List<StoredKey> keys) {
		return algorithms(this.properties).stream()
			.filter((algorithm) -> keys.stream()
				.noneMatch((key) -> key.active() && key.algorithm().equals(algorithm.jwsAlgorithm().getName())))
			.toList();
	}

	/**
	 * The first key of an algorithm, unless another instance stores one first.
	 */
	private Mono<Void> createActiveKey(SigningAlgorithm algorithm) {
		return newKey(algorithm).flatMap((key) -> this.repository.insertIfNoneActive(key.getKeyID(),
				algorithm.jwsAlgorithm().getName(), key.toJSONString()));
	}

	/**
	 * A new key pair. Key generation is CPU-heavy (RSA: tens of milliseconds), so it runs
	 * off the event loop.
	 */
	Mono<JWK> newKey(SigningAlgorithm algorithm) {
		return Mono.fromCallable(algorithm::generate).subscribeOn(Schedulers.boundedElastic());
	}

	/** Loads the keys at start-up and then every refresh interval, in the background. */
	@Override
	protected Disposable begin() {
		Duration interval = this.properties.keyRefreshInterval();
		return Flux.interval(Duration.ZERO, interval)
			.concatMap((tick) -> this.reload.onErrorResume(SigningKeys::keepKeysInMemory))
			.subscribe();
	}

	private static Mono<KeySet> keepKeysInMemory(Throwable ex) {
		// The message only: no key material is ever part of it.
		logger.warn("Reading the signing keys failed; keeping the ones in memory: " + ex.getMessage());
		return Mono.empty();
	}

	@Override
	public String channel() {
		return CHANNEL;
	}

	/** A key was added, retired or deleted somewhere; the payload is its id. */
	@Override
	public void onNotification(String payload) {
		reload().onErrorResume(SigningKeys::keepKeysInMemory).subscribe();
	}

	/** Keys may have changed while nothing was listening. */
	@Override
	public void onListening() {
		reload().onErrorResume(SigningKeys::keepKeysInMemory).subscribe();
	}

	/**
	 * Nothing to drop: the keys in memory stay usable, and the background read every
	 * refresh interval bounds how long a change can go unnoticed. Retired keys are kept
	 * for that long on top of the token lifetime
	 * ({@link TokenProperties#retiredKeyGrace}), so tokens an instance signed with a key
	 * it did not yet know was retired still verify.
	 */
	@Override
	public void onInterrupted() {
	}

}
