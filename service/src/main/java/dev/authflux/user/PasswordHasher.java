package dev.authflux.user;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Factory.Argon2Types;
import dev.authflux.web.ServiceUnavailableException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * argon2id hashing and verification (RFC 9106) through the reference C implementation, on
 * a dedicated pool of about one thread per core with a bounded queue.
 *
 * <p>
 * A hash costs tens of milliseconds of CPU, so it must never run on an event-loop thread.
 * When the queue is full the caller gets 503 {@code overloaded} at once instead of an
 * ever longer wait: under a login storm, requests that cannot be served in time are
 * turned away cheaply and every other endpoint keeps its latency.
 */
@Component
public class PasswordHasher implements DisposableBean {

	private static final int SALT_BYTES = 16;

	private static final int HASH_BYTES = 32;

	private final Argon2 argon2 = Argon2Factory.create(Argon2Types.ARGON2id, SALT_BYTES, HASH_BYTES);

	private final PasswordProperties properties;

	private final ThreadPoolExecutor executor;

	private final Scheduler scheduler;

	/**
	 * Verified against when a username is unknown, so that the answer takes as long as
	 * for a known one.
	 */
	private final Mono<String> decoyHash;

	public PasswordHasher(PasswordProperties properties) {
		this.properties = properties;
		int threads = properties.effectiveThreads();
		this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
				new ArrayBlockingQueue<>(properties.queueCapacity()), new HashThreadFactory(),
				new ThreadPoolExecutor.AbortPolicy());
		this.executor.prestartAllCoreThreads();
		this.scheduler = Schedulers.fromExecutorService(this.executor, "password-hash");
		this.decoyHash = hash("decoy password that no one has").cache();
	}

	/**
	 * A new salted hash in PHC string format
	 * ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}).
	 */
	public Mono<String> hash(String password) {
		return onPool(password, (chars) -> this.argon2.hash(this.properties.iterations(), this.properties.memoryKib(),
				this.properties.parallelism(), chars, StandardCharsets.UTF_8));
	}

	/**
	 * Whether the password matches the hash, with the parameters recorded in the hash.
	 */
	public Mono<Boolean> verify(String encodedHash, String password) {
		return onPool(password, (chars) -> this.argon2.verify(encodedHash, chars, StandardCharsets.UTF_8));
	}

	/**
	 * Spends the time of one verification and answers {@code false}: for unknown
	 * usernames.
	 */
	public Mono<Boolean> verifyDecoy(String password) {
		return this.decoyHash.flatMap((hash) -> verify(hash, password)).map((matched) -> false);
	}

	private <T> Mono<T> onPool(String password, Function<char[], T> work) {
		return Mono.fromCallable(() -> {
			char[] chars = password.toCharArray();
			try {
				return work.apply(chars);
			}
			finally {
				this.argon2.wipeArray(chars);
			}
		})
			.subscribeOn(this.scheduler)
			.onErrorMap(RejectedExecutionException.class,
					(ex) -> ServiceUnavailableException.overloaded(this.properties.retryAfterSeconds()));
	}

	@Override
	public void destroy() {
		this.scheduler.dispose();
		this.executor.shutdown();
	}

	private static final class HashThreadFactory implements java.util.concurrent.ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable runnable) {
			Thread thread = new Thread(runnable, "password-hash-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
