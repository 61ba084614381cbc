package dev.authflux.mail;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outgoing mail, bound from {@code authflux.mail.*} (environment:
 * {@code AUTHFLUX_MAIL_*}).
 *
 * @param host the SMTP server; without one, mails are written as {@code .eml} files to
 * {@code directory}
 * @param port its port
 * @param from the sender address of every mail
 * @param username the SMTP login, if the server wants one
 * @param password its password
 * @param starttls whether to require STARTTLS before anything else is said
 * @param directory where mails are written when no host is set
 * @param linkBaseUrl the address of the application that handles the links in mails (such
 * as {@code https://app.example.com}); without one, mails carry only the token
 * @param pollInterval how often an instance looks for mails to send
 * @param retryMin the wait before the first retry of a failed mail; it doubles per
 * attempt
 * @param retryMax the longest wait between two attempts
 * @param lease how long a claimed mail is left to its instance before another may try it:
 * longer than one SMTP conversation can take ({@code timeout} per step)
 * @param timeout the SMTP connect, read and write timeout
 * @param threads how many mails are sent at once per instance
 */
@ConfigurationProperties("authflux.mail")
public record MailProperties(String host, @DefaultValue("25") int port, @DefaultValue("authflux@localhost") String from,
		String username, String password, @DefaultValue("false") boolean starttls,
		@DefaultValue(".run/mail") Path directory, URI linkBaseUrl, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("10s") Duration retryMin, @DefaultValue("10m") Duration retryMax,
		@DefaultValue("5m") Duration lease, @DefaultValue("20s") Duration timeout, @DefaultValue("2") int threads) {

	/** Whether mail goes to an SMTP server rather than to files. */
	public boolean smtp() {
		return this.host != null && !this.host.isBlank();
	}

	/**
	 * The link to {@code path} of the application with the token as its query, or null
	 * when no {@code linkBaseUrl} is set.
	 */
	public String link(String path, String token) {
		if (this.linkBaseUrl == null) {
			return null;
		}
		String base = this.linkBaseUrl.toString();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path + "?token=" + token;
	}

	/** The wait after a failed attempt, {@code attempts} counting that one. */
	Duration retryAfter(int attempts) {
		Duration wait = this.retryMin;
		for (int i = 1; i < attempts && wait.compareTo(this.retryMax) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(this.retryMax) > 0) ? this.retryMax : wait;
	}

	@Override
	public String toString() {
		return "MailProperties[host=" + this.host + ", port=" + this.port + "]";
	}

}
