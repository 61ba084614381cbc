package dev.authflux.user;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool's admission runs on a ticker the tests move by hand: a hash "takes" 100 ms
 * because it moves the ticker by 100 ms, and a hash waits in the queue while the test
 * moves it, so no test sleeps and none depends on this machine's speed.
 */
class HashPoolTests {

	private final AtomicLong nanoTime = new AtomicLong();

	private final CountDownLatch occupied = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private HashPool pool;

	@AfterEach
	void shutdown() {
		this.release.countDown();
		this.pool.shutdown();
	}

	@Test
	void hashThatWouldTakeLongerThanAllowedIsRefusedBeforeAnyThreadFrees() throws Exception {
		this.pool = pool(Duration.ofMillis(350));
		// Teaches the pool that a hash takes 100 ms.
		this.pool.run(() -> hashTaking(100)).block();
		occupyThread();
		Mono<Integer> first = submit(() -> 2);
		// The running hash and one 100 ms hash ahead, plus its own: 300 ms, within 350.
		Mono<Integer> second = submit(() -> 3);
		// The running one, two ahead and its own: 400 ms. Refused while the thread is
		// still busy, though the wait alone (300 ms) would be within the limit.
		StepVerifier.create(this.pool.run(() -> 4))
			.expectError(RejectedExecutionException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(this.release.getCount()).isOne();
		this.release.countDown();
		StepVerifier.create(first).expectNext(2).verifyComplete();
		StepVerifier.create(second).expectNext(3).verifyComplete();
	}

	@Test
	void hashThatCouldNoLongerFinishInTimeIsRefusedInsteadOfRun() throws Exception {
		this.pool = pool(Duration.ofMillis(50));
		occupyThread();
		Mono<Integer> first = submit(() -> 2);
		AtomicBoolean ran = new AtomicBoolean();
		// Nothing known about the pace yet, so it is admitted, then waits past the limit.
		Mono<Boolean> late = submit(() -> ran.getAndSet(true));
		elapse(150);
		this.release.countDown();
		StepVerifier.create(first).expectNext(2).verifyComplete();
		StepVerifier.create(late).expectError(RejectedExecutionException.class).verify(Duration.ofSeconds(5));
		assertThat(ran).isFalse();
		assertThat(this.pool.waiting()).isZero();
	}

	@Test
	void hashWithNoneWaitingAheadRunsEvenWhenOneHashTakesLongerThanAllowed() throws Exception {
		this.pool = pool(Duration.ofMillis(50));
		// A hash alone takes 100 ms, twice the limit: a lone login must still be served.
		this.pool.run(() -> hashTaking(100)).block();
		assertThat(this.pool.run(() -> hashTaking(100)).block()).isZero();
		// And first in line behind a busy thread, however long that keeps it waiting.
		occupyThread();
		Mono<Integer> first = submit(() -> 2);
		elapse(150);
		this.release.countDown();
		StepVerifier.create(first).expectNext(2).verifyComplete();
	}

	@Test
	void cancelledHashNoLongerCountsAsWaiting() throws Exception {
		this.pool = pool(Duration.ofSeconds(5));
		occupyThread();
		this.pool.run(() -> 2).subscribe().dispose();
		assertThat(this.pool.waiting()).isZero();
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void hashingThreadsRunAtTheConfiguredNiceValue() {
		this.pool = new HashPool(1, 4, Duration.ofSeconds(5), 7);
		// Field 19 of /proc/<tid>/stat is the nice value, as top and ps show it.
		String stat = this.pool.run(() -> Files.readString(Path.of("/proc/thread-self/stat"))).block();
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		assertThat(fields[19 - 3]).isEqualTo("7");
	}

	private HashPool pool(Duration maxWait) {
		return new HashPool(1, 64, maxWait, 0, this.nanoTime::get);
	}

	/** Submits the work now, and keeps its result (or refusal) for later. */
	private <T> Mono<T> submit(Callable<T> work) {
		Mono<T> submitted = this.pool.run(work).cache();
		submitted.subscribe((result) -> {
		}, (error) -> {
		});
		return submitted;
	}

	/** Keeps the pool's one thread busy until released. */
	private void occupyThread() throws InterruptedException {
		submit(this::awaitRelease);
		assertThat(this.occupied.await(10, TimeUnit.SECONDS)).isTrue();
	}

	private int awaitRelease() throws InterruptedException {
		this.occupied.countDown();
		assertThat(this.release.await(10, TimeUnit.SECONDS)).isTrue();
		return 1;
	}

	/** A hash that takes this long by the pool's ticker. */
	private int hashTaking(long millis) {
		elapse(millis);
		return 0;
	}

	private void elapse(long millis) {
		this.nanoTime.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
	}

}
