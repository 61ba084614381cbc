package dev.authflux.passkey;

import dev.authflux.system.HousekeepingTask;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Deletes ceremony challenges that expired unanswered, so that asking for options without
 * finishing a ceremony fills no table for longer than a challenge lives.
 */
@Component
class ChallengeCleanup implements HousekeepingTask {

	private final ChallengeRepository challenges;

	ChallengeCleanup(ChallengeRepository challenges) {
		this.challenges = challenges;
	}

	@Override
	public String name() {
		return "expired passkey challenge cleanup";
	}

	@Override
	public Mono<Long> run() {
		return this.challenges.deleteExpired();
	}

}
