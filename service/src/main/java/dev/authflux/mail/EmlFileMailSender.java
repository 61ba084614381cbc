package dev.authflux.mail;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Properties;

/**
 * Writes each mail as an {@code .eml} file (RFC 5322, readable by any mail program) to a
 * directory: what happens to mail when no SMTP server is configured, so that a developer
 * running the service can still follow a link from a mail.
 */
final class EmlFileMailSender implements MailSender {

	private final Path directory;

	private final MailMessages messages;

	EmlFileMailSender(MailProperties properties, Clock clock) {
		this.directory = properties.directory().toAbsolutePath().normalize();
		this.messages = new MailMessages(new Properties(), properties.from(), clock);
	}

	@Override
	public void send(OutgoingMail mail) throws Exception {
		Files.createDirectories(this.directory);
		Path partial = this.directory.resolve("mail-" + mail.id() + ".eml.part");
		try (OutputStream out = Files.newOutputStream(partial)) {
			this.messages.of(mail).writeTo(out);
		}
		// Renamed only once complete, so that a reader never sees half a mail.
		Files.move(partial, this.directory.resolve("mail-" + mail.id() + ".eml"), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
	}

	@Override
	public String destination() {
		return "No mail host is configured (AUTHFLUX_MAIL_HOST): mails are written as .eml files to " + this.directory;
	}

}
