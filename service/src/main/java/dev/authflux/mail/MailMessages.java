package dev.authflux.mail;

import java.time.Clock;
import java.util.Date;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Turns an outbox row into a plain-text MIME message (RFC 5322) from the sender address.
 */
final class MailMessages {

	private final Session session;

	private final InternetAddress from;

	private final Clock clock;

	MailMessages(Properties sessionProperties, String from, Clock clock) {
		this.session = Session.getInstance(sessionProperties);
		this.clock = clock;
		try {
			this.from = new InternetAddress(from, true);
		}
		catch (MessagingException ex) {
			throw new IllegalArgumentException("authflux.mail.from is not an address: " + from, ex);
		}
	}

	Session session() {
		return this.session;
	}

	MimeMessage of(OutgoingMail mail) throws MessagingException {
		MimeMessage message = new MimeMessage(this.session);
		message.setFrom(this.from);
		message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.recipient(), true));
		message.setSubject(mail.subject(), "UTF-8");
		message.setText(mail.body(), "UTF-8");
		message.setSentDate(Date.from(this.clock.instant()));
		message.saveChanges();
		return message;
	}

}
