package dev.authflux.system;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Proves BlockHound is installed in the test JVM, so that every other test would fail on
 * a blocking call made on a non-blocking thread instead of passing silently.
 */
class BlockHoundTests {

	@Test
	void blockingCallOnANonBlockingThreadFails() {
		Mono<Long> blocking = Mono.delay(Duration.ofMillis(1)).doOnNext((tick) -> {
			try {
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		StepVerifier.create(blocking)
			.expectErrorMatches((error) -> error instanceof BlockingOperationError
					|| error.getCause() instanceof BlockingOperationError)
			.verify();
	}

}
