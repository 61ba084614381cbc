package dev.authflux.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.TestDatabase;
import dev.authflux.support.TestMailServer;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Email addresses of accounts and their verification, over HTTP, with the token read from
 * the mail that the real SMTP server of the suite received.
 */
@Tag("e2e")
class EmailVerificationE2ETests extends ApplicationTest {

	private final TestMailServer mail = TestMailServer.shared();

	private AuthClient client;

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@Test
	void registerWithEmailThenTheMailedTokenVerifiesTheAddressOnce() throws Exception {
		TestUsers.Credentials user = TestUsers.alice();
		String address = TestMailServer.address("alice");
		this.client.post("/api/v1/users", withEmail(user, address))
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.email")
			.isEqualTo(address)
			.jsonPath("$.email_verified")
			.isEqualTo(false);
		String accessToken = this.client.login(user).accessToken();
		me(accessToken).jsonPath("$.email").isEqualTo(address).jsonPath("$.email_verified").isEqualTo(false);

		String text = this.mail.awaitMailTo(address);
		String token = TestMailServer.tokenIn(text);
		assertThat(text).contains(TestMailServer.LINK_BASE_URL + "/verify-email?token=" + token);
		assertThat(this.mail.to(address).get(0).getSubject()).isEqualTo("Confirm your email address");

		verify(token).expectStatus().isNoContent();
		me(accessToken).jsonPath("$.email").isEqualTo(address).jsonPath("$.email_verified").isEqualTo(true);
		verify(token).expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("invalid_token");
	}

	@Test
	void changeEmailThen202AndTheMailedTokenVerifiesTheNewAddress() throws Exception {
		TestUsers.Credentials user = TestUsers.alice();
		String accessToken = this.client.registerAndLogin(user).accessToken();
		me(accessToken).jsonPath("$.email").isEmpty().jsonPath("$.email_verified").isEqualTo(false);
		String address = TestMailServer.address("alice");

		changeEmail(accessToken, address).expectStatus().isAccepted();
		me(accessToken).jsonPath("$.email").isEqualTo(address).jsonPath("$.email_verified").isEqualTo(false);
		verify(TestMailServer.tokenIn(this.mail.awaitMailTo(address))).expectStatus().isNoContent();
		me(accessToken).jsonPath("$.email_verified").isEqualTo(true);

		// A new address is unverified again until its own mail comes back.
		String next = TestMailServer.address("alice-next");
		changeEmail(accessToken, next).expectStatus().isAccepted();
		me(accessToken).jsonPath("$.email").isEqualTo(next).jsonPath("$.email_verified").isEqualTo(false);
		assertThat(auditEvents(user.username(), "email_changed")).isEqualTo(2);
		assertThat(auditEvents(user.username(), "email_verified")).isEqualTo(1);
	}

	@Test
	void tokenForAnAddressTheAccountNoLongerHasThen400() {
		TestUsers.Credentials user = TestUsers.alice();
		String accessToken = this.client.registerAndLogin(user).accessToken();
		String first = TestMailServer.address("alice-first");
		changeEmail(accessToken, first).expectStatus().isAccepted();
		String token = TestMailServer.tokenIn(this.mail.awaitMailTo(first));
		changeEmail(accessToken, TestMailServer.address("alice-second")).expectStatus().isAccepted();

		verify(token).expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("invalid_token");
		me(accessToken).jsonPath("$.email_verified").isEqualTo(false);
	}

	@Test
	void expiredTokenThen400() throws Exception {
		TestUsers.Credentials user = TestUsers.alice();
		String address = TestMailServer.address("alice");
		this.client.post("/api/v1/users", withEmail(user, address)).expectStatus().isCreated();
		String token = TestMailServer.tokenIn(this.mail.awaitMailTo(address));
		// As if its 24 hours had passed.
		try (Connection db = TestDatabase.shared().connect();
				PreparedStatement expire = db.prepareStatement(
						"UPDATE email_verifications SET expires_at = now() - interval '1 second' WHERE user_id = "
								+ "(SELECT id FROM users WHERE username = ?)")) {
			expire.setString(1, user.username());
			assertThat(expire.executeUpdate()).isEqualTo(1);
		}

		verify(token).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_token")
			.jsonPath("$.status")
			.isEqualTo(400);
		me(this.client.login(user).accessToken()).jsonPath("$.email_verified").isEqualTo(false);
	}

	@Test
	void unknownTokenThen400() {
		verify("a-token-that-was-never-mailed-AAAAAAAAAAAAAAAA").expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_token");
	}

	@Test
	void verifyingAnAddressAnotherAccountVerifiedThen409EmailTaken() {
		String address = TestMailServer.address("shared");
		TestUsers.Credentials owner = TestUsers.alice();
		this.client.post("/api/v1/users", withEmail(owner, address)).expectStatus().isCreated();
		verify(TestMailServer.tokenIn(this.mail.awaitMailTo(address))).expectStatus().isNoContent();

		// The same address in other letters, by another account.
		TestUsers.Credentials other = TestUsers.unique("mallory");
		String otherAccess = this.client.registerAndLogin(other).accessToken();
		changeEmail(otherAccess, address.toUpperCase(Locale.ROOT)).expectStatus().isAccepted();
		String token = TestMailServer.tokenIn(this.mail.awaitMailTo(address.toUpperCase(Locale.ROOT)));

		verify(token).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("email_taken");
		me(otherAccess).jsonPath("$.email_verified").isEqualTo(false);
		me(this.client.login(owner).accessToken()).jsonPath("$.email_verified").isEqualTo(true);
	}

	@Test
	void badAddressesAndTokensThen400NamingTheField() {
		TestUsers.Credentials user = TestUsers.alice();
		this.client.post("/api/v1/users", withEmail(user, "not an address"))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("validation_failed")
			.jsonPath("$.errors[0].field")
			.isEqualTo("email");
		String accessToken = this.client.registerAndLogin(user).accessToken();
		for (String body : new String[] { "{}", "{\"email\":null}", "{\"email\":\"a@b@c\"}",
				"{\"email\":\"x@" + "a".repeat(260) + ".test\"}", "{\"email\":\"alice@example.test\\r\\nBcc: x@y.z\"}",
				"{\"email\":42}" }) {
			this.client.withToken("PUT", "/api/v1/users/me/email", accessToken, body)
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("validation_failed")
				.jsonPath("$.errors[0].field")
				.isEqualTo("email");
		}
		this.client.post("/api/v1/email-verifications", "{}")
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("token");
		this.client.post("/api/v1/email-verifications", "[1]")
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("malformed_request");
		this.client.withToken("PUT", "/api/v1/users/me/email", "not-a-token", "{\"email\":\"a@example.test\"}")
			.expectStatus()
			.isUnauthorized();
		me(accessToken).jsonPath("$.email").isEmpty();
	}

	private static String withEmail(TestUsers.Credentials user, String email) {
		return "{\"username\":\"" + user.username() + "\",\"password\":\"" + user.password() + "\",\"email\":\"" + email
				+ "\"}";
	}

	private WebTestClient.BodyContentSpec me(String accessToken) {
		return this.client.me(accessToken).expectStatus().isOk().expectBody();
	}

	private WebTestClient.ResponseSpec changeEmail(String accessToken, String email) {
		return this.client.withToken("PUT", "/api/v1/users/me/email", accessToken, "{\"email\":\"" + email + "\"}");
	}

	private WebTestClient.ResponseSpec verify(String token) {
		return this.client.post("/api/v1/email-verifications", "{\"token\":\"" + token + "\"}");
	}

	private static long auditEvents(String username, String event) throws SQLException {
		try (Connection db = TestDatabase.shared().connect();
				PreparedStatement count = db.prepareStatement(
						"SELECT count(*) FROM audit_events WHERE event = ? AND user_id = (SELECT id FROM users WHERE username = ?)")) {
			count.setString(1, event);
			count.setString(2, username);
			try (var rows = count.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

}
