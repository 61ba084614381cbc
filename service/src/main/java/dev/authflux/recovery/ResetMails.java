package dev.authflux.recovery;

import java.security.SecureRandom;
import java.time.Duration;

import dev.authflux.mail.MailInsert;
import dev.authflux.mail.MailWording;
import dev.authflux.mail.MailProperties;
import dev.authflux.system.OpaqueValues;

import org.springframework.stereotype.Component;

/**
 * Issues password reset tokens (256 random bits; only their SHA-256 is stored) and writes
 * the mail that carries one: the token always, and a link to the application's
 * {@code /reset-password} page when {@code authflux.mail.link-base-url} is set.
 */
@Component
class ResetMails {

	static final String LINK_PATH = "/reset-password";

	static final String SUBJECT = "Reset your password";

	private final SecureRandom random;

	private final MailProperties mail;

	private final Duration ttl;

	ResetMails(SecureRandom random, MailProperties mail, PasswordResetProperties properties) {
		this.random = random;
		this.mail = mail;
		this.ttl = properties.ttl();
	}

	/**
	 * A new token and its mail, to the address the statement's {@code recipient} names.
	 */
	PendingReset issue(String recipient) {
		String token = OpaqueValues.random(this.random, 32);
		return new PendingReset(OpaqueValues.sha256(token), this.ttl, MailInsert.of(recipient, SUBJECT, body(token)));
	}

	private String body(String token) {
		StringBuilder body = new StringBuilder("Hello,\n\nsomeone asked to reset the password of your account");
		String link = this.mail.link(LINK_PATH, token);
		if (link != null) {
			body.append(". To choose a new one, open this link:\n\n")
				.append(link)
				.append("\n\nor enter this code where you were asked for it:\n\n");
		}
		else {
			body.append(". To choose a new one, enter this code where you were asked for it:\n\n");
		}
		body.append(token)
			.append("\n\nIt can be used once, within ")
			.append(MailWording.validity(this.ttl))
			.append(". Setting a new password signs you out everywhere. If you did not ask for this, ")
			.append("you can ignore this mail: your password stays as it is.\n");
		return body.toString();
	}

	/**
	 * A token about to be stored with the mail that carries it.
	 *
	 * @param tokenHash its SHA-256, what is stored
	 * @param ttl how long it is valid
	 * @param mail the mail, to embed in the storing statement
	 */
	record PendingReset(byte[] tokenHash, Duration ttl, MailInsert mail) {
	}

}
