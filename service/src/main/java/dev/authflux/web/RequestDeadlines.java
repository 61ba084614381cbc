package dev.authflux.web;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.DisposableBean;

/**
 * Deadlines for requests, on one hashed-wheel timer. Setting and cancelling a deadline is
 * a queue insertion each. Reactor's {@code timeout(Duration)} instead schedules on a
 * {@code ScheduledThreadPoolExecutor}: a lock and a wake-up of its thread for every
 * request, which profiling showed to be 13% of the CPU of a request that does nothing
 * (docs/performance.md). A deadline fires up to one tick late; for limits of seconds that
 * does not matter.
 */
public class RequestDeadlines implements DisposableBean {

	private static final long TICK_MILLIS = 100;

	private final HashedWheelTimer timer;

	public RequestDeadlines() {
		// A plain thread, not Netty's FastThreadLocalThread: that would count as an
		// event loop where nothing may block, and the wheel sleeps between ticks.
		this.timer = new HashedWheelTimer((task) -> {
			Thread thread = new Thread(task, "request-deadlines");
			thread.setDaemon(true);
			return thread;
		}, TICK_MILLIS, TimeUnit.MILLISECONDS, 512);
		// Started here: the first start waits for the timer's thread, and a request's
		// event-loop thread must never wait.
		this.timer.start();
	}

	/** Completes once the duration has passed; cancelling it cancels the deadline. */
	public Mono<Void> after(Duration duration) {
		return Mono.create((sink) -> {
			Timeout deadline = this.timer.newTimeout((timeout) -> sink.success(), duration.toNanos(),
					TimeUnit.NANOSECONDS);
			sink.onCancel(deadline::cancel);
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
