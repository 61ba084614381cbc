package dev.authflux.mail;

import java.time.Clock;
import java.util.Properties;

import jakarta.mail.Transport;

/** Sends mail over SMTP with Jakarta Mail (Eclipse Angus), one connection per mail. */
final class SmtpMailSender implements MailSender {

	private final MailProperties properties;

	private final MailMessages messages;

	SmtpMailSender(MailProperties properties, Clock clock) {
		this.properties = properties;
		this.messages = new MailMessages(sessionProperties(properties), properties.from(), clock);
	}

	private static Properties sessionProperties(MailProperties properties) {
		Properties session = new Properties();
		session.setProperty("mail.transport.protocol", "smtp");
		session.setProperty("mail.smtp.host", properties.host());
		session.setProperty("mail.smtp.port", Integer.toString(properties.port()));
		String timeout = Long.toString(properties.timeout().toMillis());
		session.setProperty("mail.smtp.connectiontimeout", timeout);
		session.setProperty("mail.smtp.timeout", timeout);
		session.setProperty("mail.smtp.writetimeout", timeout);
		if (properties.starttls()) {
			session.setProperty("mail.smtp.starttls.enable", "true");
			session.setProperty("mail.smtp.starttls.required", "true");
		}
		if (properties.username() != null && !properties.username().isBlank()) {
			session.setProperty("mail.smtp.auth", "true");
		}
		return session;
	}

	@Override
	public void send(OutgoingMail mail) throws Exception {
		if (this.properties.username() != null && !this.properties.username().isBlank()) {
			Transport.send(this.messages.of(mail), this.properties.username(), this.properties.password());
		}
		else {
			Transport.send(this.messages.of(mail));
		}
	}

	@Override
	public String destination() {
		return "Mail is sent through SMTP at " + this.properties.host() + ":" + this.properties.port()
				+ (this.properties.starttls() ? " with STARTTLS" : "");
	}

}
