package dev.authflux.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.authflux.support.AuthClient;
import dev.authflux.support.OtherInstance;
import dev.authflux.support.TestDatabase;
import dev.authflux.support.TestMailServer;
import dev.authflux.support.TestUsers;
import dev.authflux.support.TwoInstanceTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mail outbox: a mail accepted while SMTP is down arrives once it is back, two
 * instances polling one outbox send each mail once, and without an SMTP server mails
 * become {@code .eml} files.
 */
@Tag("e2e")
class MailOutboxE2ETests extends TwoInstanceTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final TestMailServer mail = TestMailServer.shared();

	@Test
	void mailQueuedWhileSmtpIsDownArrivesOnceWhenItIsBack() throws Exception {
		String address = TestMailServer.address("down");
		this.mail.stop();
		try {
			register(this.here, address);
			// Tried and failed, not merely not yet tried.
			await().atMost(PATIENCE).until(() -> outboxRow(address).attempts() >= 1);
			assertThat(outboxRow(address).sent()).isFalse();
		}
		finally {
			this.mail.start();
		}
		String text = this.mail.awaitMailTo(address);
		await().atMost(PATIENCE).until(() -> outboxRow(address).sent());

		assertThat(this.mail.to(address)).hasSize(1);
		assertThat(outboxRow(address).bodyErased()).as("the token is not kept once sent").isTrue();
		this.here.post("/api/v1/email-verifications", "{\"token\":\"" + TestMailServer.tokenIn(text) + "\"}")
			.expectStatus()
			.isNoContent();
	}

	@Test
	void twoInstancesSendEachMailOnce() {
		List<String> addresses = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			String address = TestMailServer.address("twice-" + i);
			addresses.add(address);
			register((i % 2 == 0) ? this.here : this.there, address);
		}

		await().atMost(PATIENCE).until(() -> addresses.stream().allMatch((address) -> outboxRow(address).sent()));
		for (String address : addresses) {
			assertThat(this.mail.to(address)).as(address).hasSize(1);
		}
	}

	@Test
	void withoutSmtpMailsAreWrittenAsEmlFilesWithTheToken(@TempDir Path directory) throws Exception {
		String address = TestMailServer.address("files");
		// SMTP stays down meanwhile, so that only the instance without a mail host
		// can deliver the mail: the others' attempts fail and are retried.
		this.mail.stop();
		try (OtherInstance files = OtherInstance.start("authflux.mail.host=", "authflux.mail.directory=" + directory)) {
			register(new AuthClient(files.http()), address);

			await().atMost(PATIENCE).until(() -> outboxRow(address).sent());
			Path eml = directory.resolve("mail-" + outboxRow(address).id() + ".eml");
			assertThat(eml).exists();
			MimeMessage message;
			try (var in = Files.newInputStream(eml)) {
				message = new MimeMessage(Session.getInstance(new java.util.Properties()), in);
			}
			assertThat(message.getAllRecipients()[0].toString()).isEqualTo(address);
			String token = TestMailServer.tokenIn(TestMailServer.text(message));
			new AuthClient(files.http()).post("/api/v1/email-verifications", "{\"token\":\"" + token + "\"}")
				.expectStatus()
				.isNoContent();
		}
		finally {
			this.mail.start();
		}
	}

	private static void register(AuthClient client, String address) {
		TestUsers.Credentials user = TestUsers.alice();
		client
			.post("/api/v1/users",
					"{\"username\":\"" + user.username() + "\",\"password\":\"" + user.password() + "\",\"email\":\""
							+ address + "\"}")
			.expectStatus()
			.isCreated();
	}

	private static OutboxRow outboxRow(String address) {
		try (Connection db = TestDatabase.shared().connect();
				PreparedStatement select = db.prepareStatement(
						"SELECT id, attempts, sent_at IS NOT NULL, body IS NULL FROM mail_outbox WHERE recipient = ?")) {
			select.setString(1, address);
			try (ResultSet rows = select.executeQuery()) {
				assertThat(rows.next()).as("a mail to %s in the outbox", address).isTrue();
				OutboxRow row = new OutboxRow(rows.getLong(1), rows.getInt(2), rows.getBoolean(3), rows.getBoolean(4));
				assertThat(rows.next()).as("one mail to %s", address).isFalse();
				return row;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record OutboxRow(long id, int attempts, boolean sent, boolean bodyErased) {
	}

}
