package dev.authflux.support;

import java.time.Duration;
import java.time.Instant;

/**
 * Waits for something another instance learns asynchronously (a database notification) to
 * become true. It asserts that it happens, not how fast: the bound is only there so a
 * broken test ends.
 */
public final class Eventually {

	private static final Duration BOUND = Duration.ofSeconds(10);

	private Eventually() {
	}

	public static void holds(Runnable assertion) {
		holds(BOUND, assertion);
	}

	/** For what takes longer, such as a service recovering from an outage. */
	public static void holds(Duration bound, Runnable assertion) {
		Instant giveUp = Instant.now().plus(bound);
		while (true) {
			try {
				assertion.run();
				return;
			}
			catch (AssertionError ex) {
				if (Instant.now().isAfter(giveUp)) {
					throw ex;
				}
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}
