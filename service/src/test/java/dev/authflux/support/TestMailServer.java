package dev.authflux.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real SMTP server (GreenMail) on a loopback port of its own, shared by every instance
 * the suite starts: each is configured to send its mail here ({@link #properties()}), so
 * that no instance writes mail elsewhere and a test reads every mail sent. Tests tell
 * their mails apart by recipient ({@link #address}). It can be stopped and started again
 * on the same port, to show what happens to mail while SMTP is down.
 */
public final class TestMailServer {

	/** The link base URL every test instance writes into its mails. */
	public static final String LINK_BASE_URL = "https://app.example.test";

	private static final Pattern TOKEN = Pattern.compile("^([A-Za-z0-9_-]{43})$", Pattern.MULTILINE);

	private static TestMailServer shared;

	private final int port;

	private GreenMail server;

	private TestMailServer(int port) {
		this.port = port;
	}

	public static synchronized TestMailServer shared() {
		if (shared == null) {
			shared = new TestMailServer(freePort());
			shared.start();
		}
		return shared;
	}

	/** A fresh address for one test. */
	public static String address(String prefix) {
		return prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 12) + "@example.test";
	}

	/** Starts the server (again); what it had received before is gone. */
	public synchronized void start() {
		this.server = new GreenMail(new ServerSetup(this.port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		this.server.start();
	}

	/** Stops the server: connections to its port are refused until {@link #start()}. */
	public synchronized void stop() {
		this.server.stop();
	}

	/** The application's mail settings for this server. */
	public Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("authflux.mail.host", "127.0.0.1");
		properties.put("authflux.mail.port", Integer.toString(this.port));
		properties.put("authflux.mail.from", "authflux@example.test");
		properties.put("authflux.mail.link-base-url", LINK_BASE_URL);
		// Quick polls and retries, so that a mail arrives soon after SMTP is back.
		properties.put("authflux.mail.poll-interval", "200ms");
		properties.put("authflux.mail.retry-min", "200ms");
		properties.put("authflux.mail.retry-max", "1s");
		return properties;
	}

	/** The same settings as environment variables, for a {@link ServiceProcess}. */
	public Map<String, String> environment() {
		Map<String, String> environment = new LinkedHashMap<>();
		properties().forEach((key, value) -> environment
			.put(key.replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT), String.valueOf(value)));
		return environment;
	}

	/** The mails received for {@code address} so far. */
	public synchronized List<MimeMessage> to(String address) {
		return Arrays.stream(this.server.getReceivedMessages()).filter((message) -> isTo(message, address)).toList();
	}

	/** Waits for the first mail to {@code address} and returns its text. */
	public String awaitMailTo(String address) {
		await().atMost(Duration.ofSeconds(30)).until(() -> !to(address).isEmpty());
		return text(to(address).get(0));
	}

	/** The one-time token in a mail's text: the line that is nothing but a token. */
	public static String tokenIn(String text) {
		Matcher token = TOKEN.matcher(text);
		assertThat(token.find()).as("a token on a line of its own in:%n%s", text).isTrue();
		return token.group(1);
	}

	public static String text(MimeMessage message) {
		try {
			return ((String) message.getContent()).replace("\r\n", "\n");
		}
		catch (IOException | MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static boolean isTo(MimeMessage message, String address) {
		try {
			Address[] recipients = message.getAllRecipients();
			return recipients != null && Arrays.stream(recipients).anyMatch((to) -> to.toString().equals(address));
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
