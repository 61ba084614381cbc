package dev.authflux.mfa;

import dev.authflux.system.HousekeepingTask;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** Deletes the mfa_tokens of logins a day after they expired. */
@Component
class MfaChallengeCleanup implements HousekeepingTask {

	private final MfaChallengeRepository challenges;

	MfaChallengeCleanup(MfaChallengeRepository challenges) {
		this.challenges = challenges;
	}

	@Override
	public String name() {
		return "expired mfa challenge cleanup";
	}

	@Override
	public Mono<Long> run() {
		return this.challenges.deleteExpired();
	}

}
