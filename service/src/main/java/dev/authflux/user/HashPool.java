package dev.authflux.user;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The threads that hash passwords and the hashes waiting for them, admitted by how long
 * they would take.
 *
 * <p>
 * A bounded queue alone does not bound the wait, since a hash takes longer when other
 * work takes the cores. So a hash is refused at once when the hashes ahead of it, those
 * running, and the hash itself, at the pace hashing has recently run (wall time, so that
 * CPU taken by other work counts), would take longer than {@code maxWait}; and one that a
 * thread takes so late that it would still finish past {@code maxWait} is refused then
 * instead of run. Either way the caller hears {@link RejectedExecutionException} before
 * its own timeout, and no hash is computed for a client that has likely given up. The
 * hash's own time counts because under a login storm, at a lower priority than the busy
 * event loops, it is long. A hash with none waiting ahead of it is always admitted and
 * run, so that a lone login is served even where a hash alone takes longer than
 * {@code maxWait}.
 *
 * <p>
 * The threads run at a lower CPU priority (a higher nice value) than the event loops, so
 * that under a login storm the cheap requests and the 503s for the excess are served
 * first; when nothing else needs the cores, hashing gets all of them.
 */
final class HashPool {

	private final ThreadPoolExecutor executor;

	private final Scheduler scheduler;

	private final int threads;

	private final long maxWaitNanos;

	private final LongSupplier nanoTime;

	/** Hashes admitted that no thread has started yet. */
	private final AtomicInteger waiting = new AtomicInteger();

	/** Moving average of a hash's wall time; 0 until the first one. */
	private final AtomicLong recentHashNanos = new AtomicLong();

	HashPool(int threads, int queueCapacity, Duration maxWait, int nice) {
		this(threads, queueCapacity, maxWait, nice, System::nanoTime);
	}

	/**
	 * With the ticker that times waits and hashes, in nanoseconds; tests pass their own.
	 */
	HashPool(int threads, int queueCapacity, Duration maxWait, int nice, LongSupplier nanoTime) {
		this.threads = threads;
		this.maxWaitNanos = maxWait.toNanos();
		this.nanoTime = nanoTime;
		this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
				new ArrayBlockingQueue<>(queueCapacity), new HashThreads(nice), new ThreadPoolExecutor.AbortPolicy());
		this.executor.prestartAllCoreThreads();
		this.scheduler = Schedulers.fromExecutorService(this.executor, "password-hash");
	}

	/**
	 * The work's result, computed on a hashing thread; {@link RejectedExecutionException}
	 * if it would wait too long for one.
	 */
	<T> Mono<T> run(Callable<T> work) {
		return Mono.defer(() -> {
			int ahead = this.waiting.get();
			if (!admits(ahead)) {
				return Mono.error(new RejectedExecutionException("hash queue too long"));
			}
			boolean firstInLine = ahead == 0;
			long queuedAt = this.nanoTime.getAsLong();
			this.waiting.incrementAndGet();
			AtomicBoolean counted = new AtomicBoolean(true);
			Runnable leaveQueue = () -> {
				if (counted.compareAndSet(true, false)) {
					this.waiting.decrementAndGet();
				}
			};
			return Mono.fromCallable(() -> {
				leaveQueue.run();
				if (!firstInLine
						&& this.nanoTime.getAsLong() - queuedAt + this.recentHashNanos.get() > this.maxWaitNanos) {
					throw new TakenTooLate();
				}
				long started = this.nanoTime.getAsLong();
				try {
					return work.call();
				}
				finally {
					observe(this.nanoTime.getAsLong() - started);
				}
			}).subscribeOn(this.scheduler).doFinally((signal) -> leaveQueue.run());
		});
	}

	/** Whether a hash submitted now would be admitted. */
	boolean admits() {
		return admits(this.waiting.get());
	}

	/**
	 * The wait is counted as the hashes ahead plus one hash per thread, the ones the
	 * threads are running (each may have just begun), then its own. It can still fall
	 * short of the real wait when other work takes the cores; the check when a thread
	 * takes the hash catches that.
	 */
	private boolean admits(int ahead) {
		long recent = this.recentHashNanos.get();
		return ahead == 0 || (ahead + this.threads) * recent / this.threads + recent <= this.maxWaitNanos;
	}

	/** Hashes waiting for a thread. */
	int waiting() {
		return this.waiting.get();
	}

	void shutdown() {
		this.scheduler.dispose();
		this.executor.shutdown();
	}

	private void observe(long hashNanos) {
		// An average over the last ~8 hashes: it follows a change of load within a
		// fraction of a second at login-storm rates, and one slow hash does not close
		// the door.
		this.recentHashNanos.updateAndGet((recent) -> (recent == 0) ? hashNanos : recent + (hashNanos - recent) / 8);
	}

	/**
	 * A hash refused after it waited in the queue, when a thread took it too late to
	 * finish within {@code maxWait}: its caller has waited, unlike one refused at
	 * admission.
	 */
	static final class TakenTooLate extends RejectedExecutionException {

		TakenTooLate() {
			super("taken too late to finish in time");
		}

	}

	private static final class HashThreads implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		private final int nice;

		HashThreads(int nice) {
			this.nice = nice;
		}

		@Override
		public Thread newThread(Runnable runnable) {
			Thread thread = new Thread(() -> {
				ThreadPriority.lowerCurrent(this.nice);
				runnable.run();
			}, "password-hash-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
