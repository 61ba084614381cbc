package dev.authflux.mail;

import java.time.Duration;

import dev.authflux.system.BackgroundWork;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Component;

/**
 * Sends what the outbox holds: every poll interval, claims the due mails and hands each
 * to the {@link MailSender} on the {@code mail-sender} threads (SMTP is blocking I/O),
 * then marks it sent, or leaves it for a retry after a wait that doubles per attempt. A
 * mail is tried until it is sent: one accepted into the outbox is never dropped.
 */
@Component
class MailDelivery extends BackgroundWork {

	private static final Log logger = LogFactory.getLog(MailDelivery.class);

	private static final int MAX_ERROR_LENGTH = 500;

	private final MailOutboxRepository outbox;

	private final MailSender sender;

	private final MailProperties properties;

	MailDelivery(MailOutboxRepository outbox, MailSender sender, MailProperties properties) {
		this.outbox = outbox;
		this.sender = sender;
		this.properties = properties;
	}

	@Override
	protected Disposable begin() {
		logger.info(this.sender.destination());
		Scheduler senders = Schedulers.newBoundedElastic(this.properties.threads(), 64, "mail-sender");
		Disposable polling = Flux.interval(Duration.ZERO, this.properties.pollInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> deliverDue(senders).onErrorResume((ex) -> {
				logger.warn("Mail outbox: could not claim mails; trying again next round: " + ex.getMessage());
				return Mono.empty();
			}))
			.subscribe();
		return Disposables.composite(polling, senders);
	}

	private Mono<Void> deliverDue(Scheduler senders) {
		int threads = this.properties.threads();
		return this.outbox.claim(threads * 4, this.properties.lease())
			.flatMap((mail) -> deliver(mail, senders), threads)
			.then();
	}

	private Mono<Void> deliver(OutgoingMail mail, Scheduler senders) {
		return Mono.fromCallable(() -> {
			this.sender.send(mail);
			return true;
		})
			.subscribeOn(senders)
			.onErrorResume((ex) -> retryLater(mail, ex).thenReturn(false))
			.flatMap((sent) -> sent ? this.outbox.sent(mail.id()) : Mono.empty());
	}

	private Mono<Void> retryLater(OutgoingMail mail, Throwable ex) {
		Duration wait = this.properties.retryAfter(mail.attempts());
		String error = String.valueOf(ex.getMessage());
		if (error.length() > MAX_ERROR_LENGTH) {
			error = error.substring(0, MAX_ERROR_LENGTH);
		}
		logger.warn("Mail " + mail.id() + " not sent (attempt " + mail.attempts() + "); retrying in " + wait + ": "
				+ error);
		return this.outbox.failed(mail.id(), wait, ex.getClass().getSimpleName() + ": " + error);
	}

}
