package dev.authflux.web;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import org.springframework.beans.factory.DisposableBean;

/**
 * Deadlines for requests, on one hashed-wheel timer. Setting and cancelling a deadline is
 * a queue insertion each. Reactor's {@code timeout(Duration)} instead schedules on a
 * {@code ScheduledThreadPoolExecutor}: a lock and a wake-up of its thread for every
 * request, a large share of the CPU of a cheap request. A deadline fires up to one tick
 * late; for limits of seconds that does not matter.
 */
public class RequestDeadlines implements DisposableBean {

	private static final Duration TICK = Duration.ofMillis(100);

	private final HashedWheelTimer timer;

	public RequestDeadlines() {
		this(TICK);
	}

	/** With another tick, for tests. */
	RequestDeadlines(Duration tick) {
		// A plain thread, not Netty's FastThreadLocalThread: that would count as an
		// event loop where nothing may block, and the wheel sleeps between ticks.
		this.timer = new HashedWheelTimer((task) -> {
			Thread thread = new Thread(task, "request-deadlines");
			thread.setDaemon(true);
			return thread;
		}, tick.toNanos(), TimeUnit.NANOSECONDS, 512);
		// Started here: the first start waits for the timer's thread, and a request's
		// event-loop thread must never wait.
		this.timer.start();
	}

	/** Completes once the duration has passed; cancelling it cancels the deadline. */
	public Mono<Void> after(Duration duration) {
		return Mono.create((sink) -> {
			// The wheel lets go of a cancelled deadline only at its next tick. Were the
			// sink (and through it the request's whole subscriber chain) reachable from
			// the deadline until then, every finished request would survive a young
			// collection and be promoted early, so the deadline reaches the sink through
			// a reference cleared on cancel.
			AtomicReference<MonoSink<Void>> waiting = new AtomicReference<>(sink);
			Timeout deadline = this.timer.newTimeout((timeout) -> {
				MonoSink<Void> due = waiting.getAndSet(null);
				if (due != null) {
					due.success();
				}
			}, duration.toNanos(), TimeUnit.NANOSECONDS);
			sink.onCancel(() -> {
				waiting.set(null);
				deadline.cancel();
			});
		});
	}

	/** Deadlines set and neither passed nor cancelled. */
	long pending() {
		return this.timer.pendingTimeouts();
	}

	@Override
	public void destroy() {
		this.timer.stop();
	}

}
