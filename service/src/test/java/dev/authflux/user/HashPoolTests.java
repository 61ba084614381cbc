package dev.authflux.user;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class HashPoolTests {

	private final CountDownLatch occupied = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private HashPool pool;

	@AfterEach
	void shutdown() {
		this.release.countDown();
		this.pool.shutdown();
	}

	@Test
	void hashThatWouldWaitLongerThanAllowedIsRefusedBeforeAnyThreadFrees() throws Exception {
		this.pool = new HashPool(1, 64, Duration.ofMillis(50), 0);
		// Teaches the pool that a hash takes about 100 ms.
		this.pool.run(() -> sleep(100)).block();
		occupyThread();
		Mono<Integer> queued = this.pool.run(() -> 2).cache();
		queued.subscribe();
		// One 100 ms hash ahead of it, against a 50 ms limit: refused while the thread is
		// busy.
		StepVerifier.create(this.pool.run(() -> 3))
			.expectError(RejectedExecutionException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(this.release.getCount()).isOne();
		this.release.countDown();
		StepVerifier.create(queued).expectNext(2).verifyComplete();
	}

	@Test
	void hashThatWaitedLongerThanAllowedIsRefusedInsteadOfRun() throws Exception {
		this.pool = new HashPool(1, 64, Duration.ofMillis(50), 0);
		occupyThread();
		AtomicBoolean ran = new AtomicBoolean();
		// Nothing known about the pace yet, so it is admitted, then waits past the limit.
		Mono<Boolean> late = this.pool.run(() -> ran.getAndSet(true)).cache();
		late.subscribe((value) -> {
		}, (error) -> {
		});
		Thread.sleep(150);
		this.release.countDown();
		StepVerifier.create(late).expectError(RejectedExecutionException.class).verify(Duration.ofSeconds(5));
		assertThat(ran).isFalse();
		assertThat(this.pool.waiting()).isZero();
	}

	@Test
	void cancelledHashNoLongerCountsAsWaiting() throws Exception {
		this.pool = new HashPool(1, 64, Duration.ofSeconds(5), 0);
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

	/** Keeps the pool's one thread busy until released. */
	private void occupyThread() throws InterruptedException {
		this.pool.run(this::awaitRelease).subscribe((value) -> {
		}, (error) -> {
		});
		assertThat(this.occupied.await(10, TimeUnit.SECONDS)).isTrue();
	}

	private int awaitRelease() throws InterruptedException {
		this.occupied.countDown();
		assertThat(this.release.await(10, TimeUnit.SECONDS)).isTrue();
		return 1;
	}

	private static int sleep(long millis) throws InterruptedException {
		Thread.sleep(millis);
		return 0;
	}

}
