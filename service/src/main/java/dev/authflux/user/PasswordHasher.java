package dev.authflux.user;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import de.mkammerer.argon2.Argon2;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * argon2id hashing and verification (RFC 9106) through argon2's C library (its optimized
 * build where there is one, {@link NativeArgon2}), on a dedicated pool of one thread per
 * core ({@link HashPool}).
 *
 * <p>
 * A hash costs tens of milliseconds of CPU, so it must never run on an event-loop thread.
 * When a hash would take longer than {@code maxWait}, queue included, the caller gets 503
 * {@code overloaded} at once instead of an ever longer wait: under a login storm,
 * requests that cannot be served in time are turned away cheaply and every other endpoint
 * keeps its latency.
 */
@Component
public class PasswordHasher implements DisposableBean {

	private static final int SALT_BYTES = 16;

	private static final int HASH_BYTES = 32;

	/** Timers of hashes and verifications, tagged by {@code operation}. */
	static final String METRIC = "authflux.password.hashing";

	/**
	 * How long a refusal is held before it is sent. Clients that retry at once, ignoring
	 * {@code Retry-After}, turn every instant refusal into another request, and a few
	 * such connections then take the CPU the admitted hashes need. Held 50 ms, the answer
	 * is still quick for a person, and each such connection is limited to 20 refusals a
	 * second.
	 */
	static final Duration REFUSAL_DELAY = Duration.ofMillis(50);

	/** The parameters of an argon2id hash in PHC string format. */
	private static final Pattern PHC_PARAMETERS = Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$");

	private final Argon2 argon2 = NativeArgon2.argon2id(SALT_BYTES, HASH_BYTES);

	private final PasswordProperties properties;

	private final HashPool pool;

	/**
	 * Verified against when a username is unknown, so that the answer takes as long as
	 * for a known one.
	 */
	private final Mono<String> decoyHash;

	private final Timer hashes;

	private final Timer verifications;

	/** Refusals at once: by {@link #whenAdmitting}, or when the pool would not queue. */
	private final Counter refusedAtOnce;

	/** Refusals after a wait in the queue ({@link HashPool.TakenTooLate}). */
	private final Counter refusedLate;

	public PasswordHasher(PasswordProperties properties, MeterRegistry meters) {
		this.properties = properties;
		this.hashes = Timer.builder(METRIC).tag("operation", "hash").register(meters);
		this.verifications = Timer.builder(METRIC).tag("operation", "verify").register(meters);
		this.refusedAtOnce = rejectionCounter("admission", meters);
		this.refusedLate = rejectionCounter("late", meters);
		this.pool = new HashPool(properties.effectiveThreads(), properties.queueCapacity(), properties.maxWait(),
				properties.threadNice());
		Gauge.builder(METRIC + ".queued", this.pool, HashPool::waiting)
			.description("Hashes waiting for a thread")
			.register(meters);
		this.decoyHash = hash("decoy password that no one has").cache();
	}

	/**
	 * A new salted hash of the password's normalized form
	 * ({@link CredentialRules#normalizedPassword}) in PHC string format
	 * ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}).
	 */
	public Mono<String> hash(String password) {
		String normalized = CredentialRules.normalizedPassword(password);
		return onPool(this.hashes, () -> withChars(normalized, (chars) -> this.argon2.hash(this.properties.iterations(),
				this.properties.memoryKib(), this.properties.parallelism(), chars, StandardCharsets.UTF_8)));
	}

	/**
	 * The file of the argon2 library computing the hashes: the optimized build's, or the
	 * reference build's ({@link NativeArgon2}).
	 */
	public String library() {
		return NativeArgon2.loaded().toString();
	}

	/**
	 * Whether the password matches the hash, with the parameters recorded in the hash.
	 * Its normalized form is tried first; hashes stored before passwords were normalized
	 * were made from the input as it came, so when that form differs it is tried too, in
	 * the same turn on the pool (and {@link #needsRehash(String, String)} then replaces
	 * the hash at login).
	 */
	public Mono<Boolean> verify(String encodedHash, String password) {
		String normalized = CredentialRules.normalizedPassword(password);
		return onPool(this.verifications, () -> matches(encodedHash, normalized)
				|| (!normalized.equals(password) && matches(encodedHash, password)));
	}

	/**
	 * The work, unless a hash would be refused now: then 503 {@code overloaded} before
	 * the work starts. For logins, whose hash comes after a database lookup: under a
	 * storm the refusals must be cheap, or answering them takes the CPU the admitted
	 * hashes need.
	 */
	public <T> Mono<T> whenAdmitting(Supplier<Mono<T>> work) {
		return Mono.defer(() -> this.pool.admits() ? work.get() : refuse());
	}

	/**
	 * Whether the hash that {@code password} just matched should be replaced on this
	 * successful login: it was made with other parameters than the configured ones (or is
	 * not argon2id at all), or perhaps from the password as typed rather than its
	 * normalized form. Which form matched is not known here, so a password that arrives
	 * unnormalized (rare: decomposed accents, full-width letters, no-break spaces) is
	 * rehashed at each login, in the background like every rehash.
	 */
	public boolean needsRehash(String encodedHash, String password) {
		return needsRehash(encodedHash) || !Normalizer.isNormalized(password, Normalizer.Form.NFKC);
	}

	/**
	 * Whether a stored hash was made with other parameters than the configured ones (or
	 * is not argon2id at all).
	 *
	 * <p>
	 * Other, not only weaker: the configuration is the policy. A stronger hash is remade
	 * too, because a verification takes as long as its parameters make it, and an account
	 * whose hash takes longer than the decoy of {@link #verifyDecoy} would be told apart
	 * from an unknown name by the time of a wrong-password answer. So after a change of
	 * parameters every account that logs in moves to the new ones.
	 */
	boolean needsRehash(String encodedHash) {
		Matcher phc = PHC_PARAMETERS.matcher(encodedHash);
		if (!phc.lookingAt()) {
			return true;
		}
		return Integer.parseInt(phc.group(1)) != this.properties.memoryKib()
				|| Integer.parseInt(phc.group(2)) != this.properties.iterations()
				|| Integer.parseInt(phc.group(3)) != this.properties.parallelism();
	}

	/**
	 * Spends the time of one verification and answers {@code false}: for unknown
	 * usernames. It goes through {@link #verify}, so an unnormalized password costs both
	 * forms' verifications here too, as for a known name.
	 */
	public Mono<Boolean> verifyDecoy(String password) {
		return this.decoyHash.flatMap((hash) -> verify(hash, password)).map((matched) -> false);
	}

	private <T> Mono<T> onPool(Timer timer, Supplier<T> work) {
		return this.pool.run(() -> timer.record(work))
			.onErrorResume(RejectedExecutionException.class,
					(ex) -> (ex instanceof HashPool.TakenTooLate) ? refuseLate() : refuse());
	}

	private boolean matches(String encodedHash, String password) {
		return withChars(password, (chars) -> this.argon2.verify(encodedHash, chars, StandardCharsets.UTF_8));
	}

	/** The work on the password's characters, wiped from memory afterwards. */
	private <T> T withChars(String password, Function<char[], T> work) {
		char[] chars = password.toCharArray();
		try {
			return work.apply(chars);
		}
		finally {
			this.argon2.wipeArray(chars);
		}
	}

	/**
	 * 503 {@code overloaded}, held for {@link #REFUSAL_DELAY} before it is sent.
	 */
	private <T> Mono<T> refuse() {
		this.refusedAtOnce.increment();
		return Mono.delay(REFUSAL_DELAY).then(Mono.error(overloaded()));
	}

	/**
	 * 503 {@code overloaded} at once, for a hash that waited in the queue and was taken
	 * too late: the wait has already held its caller longer than {@link #REFUSAL_DELAY}.
	 */
	private <T> Mono<T> refuseLate() {
		this.refusedLate.increment();
		return Mono.error(overloaded());
	}

	private PasswordHashingBusyException overloaded() {
		return new PasswordHashingBusyException(this.properties.retryAfterSeconds());
	}

	/**
	 * {@code authflux.password.hashing.rejected}, tagged {@code stage}: {@code admission}
	 * (refused at once) or {@code late} (refused after waiting in the queue).
	 */
	private static Counter rejectionCounter(String stage, MeterRegistry meters) {
		return Counter.builder(METRIC + ".rejected")
			.description("Hashes refused with 503 overloaded because they would take too long, queue included")
			.tag("stage", stage)
			.register(meters);
	}

	@Override
	public void destroy() {
		this.pool.shutdown();
	}

}
