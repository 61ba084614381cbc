package dev.authflux.e2e;

import java.util.Map;

import dev.authflux.support.AuthClient;
import dev.authflux.support.TestMailServer;
import dev.authflux.support.TestUsers;
import dev.authflux.support.TwoInstanceTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances sharing one database, each remembering the addresses its
 * {@code GET /api/v1/users/me} answered: a change made through one instance, or written
 * straight into the database, is what the other answers next, although it had the old
 * address cached.
 */
@Tag("e2e")
class EmailAcrossInstancesE2ETests extends TwoInstanceTest {

	private final TestMailServer mail = TestMailServer.shared();

	@Autowired
	private DatabaseClient db;

	@Test
	void anAddressChangedAndVerifiedHereIsWhatTheOtherInstanceAnswers() {
		TestUsers.Credentials user = TestUsers.unique("emailtwo");
		String accessToken = this.here.registerAndLogin(user).accessToken();
		String address = TestMailServer.address(user.username());
		assertThat(me(this.there, accessToken)).containsEntry("email", null);

		this.here.withToken("PUT", "/api/v1/users/me/email", accessToken, "{\"email\":\"" + address + "\"}")
			.expectStatus()
			.isAccepted();
		await().untilAsserted(() -> assertThat(me(this.there, accessToken)).containsEntry("email", address)
			.containsEntry("email_verified", false));

		String token = TestMailServer.tokenIn(this.mail.awaitMailTo(address));
		this.here.post("/api/v1/email-verifications", "{\"token\":\"" + token + "\"}").expectStatus().isNoContent();
		assertThat(me(this.here, accessToken)).containsEntry("email_verified", true);
		await().untilAsserted(() -> assertThat(me(this.there, accessToken)).containsEntry("email_verified", true));
	}

	@Test
	void anAddressRemovedInTheDatabaseIsGoneOnBothInstances() {
		TestUsers.Credentials user = TestUsers.unique("emailsql");
		String accessToken = this.here.registerAndLogin(user).accessToken();
		String address = TestMailServer.address(user.username());
		this.here.withToken("PUT", "/api/v1/users/me/email", accessToken, "{\"email\":\"" + address + "\"}")
			.expectStatus()
			.isAccepted();
		assertThat(me(this.here, accessToken)).containsEntry("email", address);
		await().untilAsserted(() -> assertThat(me(this.there, accessToken)).containsEntry("email", address));

		this.db.sql("UPDATE users SET email = NULL, email_verified_at = NULL WHERE username = :username")
			.bind("username", user.username())
			.fetch()
			.rowsUpdated()
			.block();

		await().untilAsserted(() -> assertThat(me(this.here, accessToken)).containsEntry("email", null));
		await().untilAsserted(() -> assertThat(me(this.there, accessToken)).containsEntry("email", null));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> me(AuthClient client, String accessToken) {
		return client.me(accessToken).expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
	}

}
