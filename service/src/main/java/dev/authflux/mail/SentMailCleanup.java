package dev.authflux.mail;

import java.time.Duration;

import dev.authflux.system.HousekeepingTask;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Deletes the outbox rows of mails sent more than a week ago: their bodies are gone
 * already, and what is left only helps to tell when a mail went out.
 */
@Component
class SentMailCleanup implements HousekeepingTask {

	private static final Duration KEPT = Duration.ofDays(7);

	private final MailOutboxRepository outbox;

	SentMailCleanup(MailOutboxRepository outbox) {
		this.outbox = outbox;
	}

	@Override
	public String name() {
		return "sent mail cleanup";
	}

	@Override
	public Mono<Long> run() {
		return this.outbox.deleteSentBefore(KEPT);
	}

}
