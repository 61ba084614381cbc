package dev.authflux.system;

import reactor.core.Disposable;

import org.springframework.context.SmartLifecycle;

/**
 * A reactive subscription that runs in the background for as long as the application
 * does: begun when the context starts, disposed when it stops.
 */
public abstract class BackgroundWork implements SmartLifecycle {

	private volatile Disposable running;

	/** Subscribes to the work and returns the subscription. */
	protected abstract Disposable begin();

	@Override
	public void start() {
		this.running = begin();
	}

	@Override
	public void stop() {
		Disposable current = this.running;
		if (current != null) {
			current.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		Disposable current = this.running;
		return current != null && !current.isDisposed();
	}

}
