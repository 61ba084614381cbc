package dev.authflux.user;

import java.util.UUID;

import dev.authflux.audit.ClientInfo;
import dev.authflux.system.OpaqueValues;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * An account's email address: setting it (unverified, with a verification mail queued in
 * the same statement) and verifying it with the mailed token.
 */
@Service
public class EmailService {

	private final EmailRepository emails;

	private final VerificationMails mails;

	private final EmailStatusCache cache;

	EmailService(EmailRepository emails, VerificationMails mails, EmailStatusCache cache) {
		this.emails = emails;
		this.mails = mails;
		this.cache = cache;
	}

	/** The account's address and whether it is verified. */
	public Mono<EmailStatus> of(UUID userId) {
		return this.cache.find(userId);
	}

	/**
	 * Sets the account's address, unverified, and queues a verification mail to it;
	 * {@link AccountNotFoundException} if the account was deleted meanwhile.
	 */
	public Mono<Void> change(UserProfile user, String email, ClientInfo client) {
		return Mono.defer(() -> this.emails.change(user.id(), email, this.mails.issue("email"), client))
			.doOnNext((changed) -> this.cache.forget(user.id()))
			.flatMap((changed) -> changed ? Mono.<Void>empty() : Mono.error(new AccountNotFoundException()));
	}

	/**
	 * Verifies the address a token was mailed to;
	 * {@link InvalidVerificationTokenException} for a token that is unknown, used,
	 * expired or for an address the account no longer has, {@link EmailTakenException} if
	 * another account verified the address first.
	 */
	public Mono<Void> verify(String token, ClientInfo client) {
		return Mono.defer(() -> this.emails.verify(OpaqueValues.sha256(token), client)).doOnNext((result) -> {
			if (result.userId() != null) {
				this.cache.forget(result.userId());
			}
		}).map(EmailRepository.VerificationResult::verification).flatMap((result) -> switch (result) {
			case VERIFIED -> Mono.<Void>empty();
			case TAKEN -> Mono.<Void>error(new EmailTakenException());
			case INVALID -> Mono.<Void>error(new InvalidVerificationTokenException());
		});
	}

}
