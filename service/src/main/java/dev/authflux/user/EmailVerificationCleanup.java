package dev.authflux.user;

import dev.authflux.system.HousekeepingTask;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** Deletes email verification tokens a day after they expired. */
@Component
class EmailVerificationCleanup implements HousekeepingTask {

	private final EmailRepository emails;

	EmailVerificationCleanup(EmailRepository emails) {
		this.emails = emails;
	}

	@Override
	public String name() {
		return "expired email verification cleanup";
	}

	@Override
	public Mono<Long> run() {
		return this.emails.deleteExpired();
	}

}
