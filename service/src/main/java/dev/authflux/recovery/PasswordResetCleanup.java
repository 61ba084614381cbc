package dev.authflux.recovery;

import dev.authflux.system.HousekeepingTask;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Deletes password reset tokens a day after they expired, and request counters whose
 * window has ended.
 */
@Component
class PasswordResetCleanup implements HousekeepingTask {

	private final PasswordResetRepository resets;

	PasswordResetCleanup(PasswordResetRepository resets) {
		this.resets = resets;
	}

	@Override
	public String name() {
		return "expired password reset cleanup";
	}

	@Override
	public Mono<Long> run() {
		return this.resets.deleteExpired();
	}

}
