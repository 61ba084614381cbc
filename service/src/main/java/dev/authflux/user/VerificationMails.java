package dev.authflux.user;

import java.security.SecureRandom;
import java.time.Duration;

import dev.authflux.mail.MailInsert;
import dev.authflux.mail.MailWording;
import dev.authflux.mail.MailProperties;
import dev.authflux.system.OpaqueValues;

import org.springframework.stereotype.Component;

/**
 * Issues email verification tokens (256 random bits; only their SHA-256 is stored) and
 * writes the mail that carries one: the token always, and a link to the application's
 * {@code /verify-email} page when {@code authflux.mail.link-base-url} is set.
 */
@Component
class VerificationMails {

	static final String LINK_PATH = "/verify-email";

	private static final String SUBJECT = "Confirm your email address";

	private final SecureRandom random;

	private final MailProperties mail;

	private final Duration ttl;

	VerificationMails(SecureRandom random, MailProperties mail, EmailProperties properties) {
		this.random = random;
		this.mail = mail;
		this.ttl = properties.verificationTtl();
	}

	/**
	 * A new token and its mail, to the address the statement's {@code recipient} names.
	 */
	PendingVerification issue(String recipient) {
		String token = OpaqueValues.random(this.random, 32);
		return new PendingVerification(OpaqueValues.sha256(token), this.ttl,
				MailInsert.of(recipient, SUBJECT, body(token)));
	}

	private String body(String token) {
		StringBuilder body = new StringBuilder("Hello,\n\nplease confirm that this is your email address");
		String link = this.mail.link(LINK_PATH, token);
		if (link != null) {
			body.append(" by opening this link:\n\n").append(link).append("\n\nor by entering this code");
		}
		else {
			body.append(" by entering this code");
		}
		body.append(" where you were asked for it:\n\n")
			.append(token)
			.append("\n\nIt can be used once, within ")
			.append(MailWording.validity(this.ttl))
			.append(". If you did not ask for this, you can ignore this mail.\n");
		return body.toString();
	}

	/**
	 * A token about to be stored with the mail that carries it.
	 *
	 * @param tokenHash its SHA-256, what is stored
	 * @param ttl how long it is valid
	 * @param mail the mail, to embed in the storing statement
	 */
	record PendingVerification(byte[] tokenHash, Duration ttl, MailInsert mail) {
	}

}
