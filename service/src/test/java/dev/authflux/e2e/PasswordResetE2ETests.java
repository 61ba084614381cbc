package dev.authflux.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.InstanceBehindAProxy;
import dev.authflux.support.TestDatabase;
import dev.authflux.support.TestMailServer;
import dev.authflux.support.TestUsers;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.authflux.support.InstanceBehindAProxy.newNetwork;
import static dev.authflux.support.Throttling.assertThrottled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Password reset over HTTP, with the token read from the mail that the suite's real SMTP
 * server received: the new password works and the old one and every old session do not,
 * the answer is the same for every address, tokens are single-use and expire, a mail
 * queued while SMTP is down arrives once, and requests are throttled per address and per
 * client network.
 */
@Tag("e2e")
class PasswordResetE2ETests extends ApplicationTest {

	private static final String SUBJECT = "Reset your password";

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static InstanceBehindAProxy behindProxy;

	private final TestMailServer mail = TestMailServer.shared();

	private AuthClient client;

	@BeforeAll
	static void startInstanceBehindAProxy() {
		behindProxy = InstanceBehindAProxy.start("authflux.password-reset.network-max-requests=3",
				"authflux.password-reset.ttl=5m");
	}

	@AfterAll
	static void stopInstanceBehindAProxy() {
		behindProxy.close();
	}

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@Test
	void mailedTokenSetsTheNewPasswordOnceAndEndsEverySession() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("reset");
		String address = registerVerified(user);
		AuthClient.Tokens first = this.client.login(user);
		AuthClient.Tokens second = this.client.login(user);

		// The address in other letters is the same address.
		requestReset(this.client, address.toUpperCase(Locale.ROOT)).expectStatus().isAccepted();
		String text = awaitResetMail(address);
		String token = TestMailServer.tokenIn(text);
		assertThat(text).contains(TestMailServer.LINK_BASE_URL + "/reset-password?token=" + token)
			.contains("within 30 minutes");

		TestUsers.Credentials renewed = new TestUsers.Credentials(user.username(), "a brand new secret 42");
		confirm(token, renewed.password()).expectStatus().isNoContent().expectBody().isEmpty();

		this.client.post("/api/v1/sessions", user.json())
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_credentials");
		this.client.login(renewed);
		for (AuthClient.Tokens old : List.of(first, second)) {
			this.client.assertAccessTokenRejected(old.accessToken());
			this.client.refresh(old.refreshToken())
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("invalid_refresh_token");
		}

		confirm(token, "yet another secret 43").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_token");
		this.client.login(renewed);
		assertThat(auditEvents(user.username(), "password_reset_requested")).isEqualTo(1);
		assertThat(auditEvents(user.username(), "password_reset")).isEqualTo(1);
		assertThat(revokeReasons(user.username())).containsOnly("password_reset").hasSize(2);
	}

	@Test
	void aResetEndsTheTokensIssuedBeforeIt() {
		TestUsers.Credentials user = TestUsers.unique("twice");
		String address = registerVerified(user);
		requestReset(this.client, address).expectStatus().isAccepted();
		requestReset(this.client, address).expectStatus().isAccepted();
		await().atMost(PATIENCE).until(() -> resetMailsTo(address).size() == 2);
		List<String> tokens = resetMailsTo(address).stream()
			.map((message) -> TestMailServer.tokenIn(TestMailServer.text(message)))
			.toList();
		assertThat(tokens).doesNotHaveDuplicates();

		confirm(tokens.get(1), "the first new secret 1").expectStatus().isNoContent();
		confirm(tokens.get(0), "the second new secret 2").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_token");
		this.client.login(new TestUsers.Credentials(user.username(), "the first new secret 1"));
	}

	@Test
	void oneTokenPresentedTwiceAtOnceSetsOnePassword() {
		TestUsers.Credentials user = TestUsers.unique("race");
		String address = registerVerified(user);
		requestReset(this.client, address).expectStatus().isAccepted();
		String token = TestMailServer.tokenIn(awaitResetMail(address));

		List<CompletableFuture<Integer>> answers = IntStream.range(0, 2)
			.mapToObj((i) -> CompletableFuture.supplyAsync(
					() -> confirm(token, "concurrent secret " + i).returnResult(Void.class).getStatus().value()))
			.toList();

		assertThat(answers.stream().map(CompletableFuture::join).sorted()).containsExactly(204, 400);
		long working = IntStream.range(0, 2)
			.filter((i) -> this.client
				.post("/api/v1/sessions", new TestUsers.Credentials(user.username(), "concurrent secret " + i).json())
				.returnResult(Void.class)
				.getStatus()
				.value() == 201)
			.count();
		assertThat(working).isEqualTo(1);
	}

	@Test
	void unknownAndUnverifiedAddressesGetTheSameAnswerAndNoMail() throws Exception {
		TestUsers.Credentials verified = TestUsers.unique("known");
		String known = registerVerified(verified);
		TestUsers.Credentials unverifiedUser = TestUsers.unique("unverified");
		String unverified = TestMailServer.address("unverified");
		this.client.post("/api/v1/users", withEmail(unverifiedUser, unverified)).expectStatus().isCreated();
		String unknown = TestMailServer.address("nobody");

		EntityExchangeResult<byte[]> toKnown = requestReset(this.client, known).expectBody().returnResult();
		awaitResetMail(known);
		for (String address : List.of(unverified, unknown)) {
			EntityExchangeResult<byte[]> answer = requestReset(this.client, address).expectBody().returnResult();
			assertThat(answer.getStatus()).isEqualTo(toKnown.getStatus());
			assertThat(answer.getResponseBody()).isEqualTo(toKnown.getResponseBody());
			assertThat(answer.getResponseHeaders().getContentType())
				.isEqualTo(toKnown.getResponseHeaders().getContentType());
			// The outbox row would be written by the statement that answered.
			assertThat(resetMailsQueued(address)).as(address).isZero();
		}
		assertThat(toKnown.getStatus().value()).isEqualTo(202);
		assertThat(this.mail.to(unknown)).isEmpty();
		assertThat(auditEvents(unverifiedUser.username(), "password_reset_requested")).isZero();
	}

	@Test
	void refusedNewPasswordLeavesTheTokenUsable() {
		TestUsers.Credentials user = TestUsers.unique("policy");
		String address = registerVerified(user);
		requestReset(this.client, address).expectStatus().isAccepted();
		String token = TestMailServer.tokenIn(awaitResetMail(address));

		for (String refused : List.of("12345678", "short", user.username() + "-secret")) {
			confirm(token, refused).expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("validation_failed")
				.jsonPath("$.errors[0].field")
				.isEqualTo("new_password");
		}
		this.client.login(user);

		confirm(token, "an acceptable secret 7").expectStatus().isNoContent();
		this.client.login(new TestUsers.Credentials(user.username(), "an acceptable secret 7"));
	}

	@Test
	void expiredOrUnknownTokenThen400AndThePasswordStays() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("expired");
		String address = registerVerified(user);
		requestReset(this.client, address).expectStatus().isAccepted();
		String token = TestMailServer.tokenIn(awaitResetMail(address));
		// As if its 30 minutes had passed.
		try (Connection db = TestDatabase.shared().connect();
				PreparedStatement expire = db.prepareStatement(
						"UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE user_id = "
								+ "(SELECT id FROM users WHERE username = ?)")) {
			expire.setString(1, user.username());
			assertThat(expire.executeUpdate()).isEqualTo(1);
		}

		for (String presented : List.of(token, "a-token-that-was-never-mailed-AAAAAAAAAAAAAAAA")) {
			confirm(presented, "a brand new secret 42").expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType("application/problem+json")
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("invalid_token");
		}
		this.client.login(user);
	}

	@Test
	void tokenLifetimeIsConfigurable() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("ttl");
		AuthClient there = behindProxy.client(newNetwork());
		String address = registerVerified(user);

		requestReset(there, address).expectStatus().isAccepted();
		assertThat(awaitResetMail(address)).contains("within 5 minutes");
		try (Connection db = TestDatabase.shared().connect();
				PreparedStatement lifetime = db.prepareStatement(
						"SELECT extract(epoch FROM expires_at - created_at) FROM password_resets WHERE user_id = "
								+ "(SELECT id FROM users WHERE username = ?)")) {
			lifetime.setString(1, user.username());
			try (ResultSet rows = lifetime.executeQuery()) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getDouble(1)).isEqualTo(300.0);
			}
		}
	}

	@Test
	void resetRequestedWhileSmtpIsDownIsMailedOnceWhenItIsBack() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("down");
		String address = registerVerified(user);
		this.mail.stop();
		try {
			requestReset(this.client, address).expectStatus().isAccepted();
			// Tried and failed, not merely not yet tried.
			await().atMost(PATIENCE).until(() -> resetMailAttempts(address) >= 1);
		}
		finally {
			this.mail.start();
		}
		String token = TestMailServer.tokenIn(awaitResetMail(address));
		await().atMost(PATIENCE).until(() -> resetMailSent(address));

		assertThat(resetMailsTo(address)).hasSize(1);
		confirm(token, "a brand new secret 42").expectStatus().isNoContent();
	}

	@Test
	void requestsForOneAddressBeyondItsLimitAreAnsweredAlikeButMailNothing() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("flooded");
		String address = registerVerified(user);
		String unknown = TestMailServer.address("flooded-nobody");
		long throttledBefore = throttledEvents("address");

		for (int i = 0; i < 5; i++) {
			String inSomeCase = (i % 2 == 0) ? address : address.toUpperCase(Locale.ROOT);
			requestReset(this.client, inSomeCase).expectStatus().isAccepted().expectBody().isEmpty();
			requestReset(this.client, unknown).expectStatus().isAccepted().expectBody().isEmpty();
		}

		assertThat(resetMailsQueued(address)).as("the default limit of 3 an hour").isEqualTo(3);
		await().atMost(PATIENCE).until(() -> resetMailsTo(address).size() == 3);
		assertThat(auditEvents(user.username(), "password_reset_requested")).isEqualTo(3);
		// Both addresses were refused twice, known or not.
		assertThat(throttledEvents("address") - throttledBefore).isEqualTo(4);
		// Another address is not affected.
		TestUsers.Credentials other = TestUsers.unique("calm");
		String otherAddress = registerVerified(other);
		requestReset(this.client, otherAddress).expectStatus().isAccepted();
		awaitResetMail(otherAddress);
	}

	@Test
	void requestsFromOneNetworkBeyondItsLimitGet429WhateverTheAddress() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("net");
		String address = registerVerified(user);
		AuthClient fromOneNetwork = behindProxy.client(newNetwork());
		long throttledBefore = throttledEvents("network");

		for (int i = 0; i < 3; i++) {
			requestReset(fromOneNetwork, TestMailServer.address("net-nobody")).expectStatus().isAccepted();
		}
		assertThrottled(requestReset(fromOneNetwork, TestMailServer.address("net-nobody")));
		assertThrottled(requestReset(fromOneNetwork, address));
		assertThat(resetMailsQueued(address)).isZero();
		assertThat(throttledEvents("network") - throttledBefore).isEqualTo(2);

		// Another network still gets its mail to the same address.
		requestReset(behindProxy.client(newNetwork()), address).expectStatus().isAccepted();
		awaitResetMail(address);
	}

	/** Registers with a fresh address and verifies it with the mailed token. */
	private String registerVerified(TestUsers.Credentials user) {
		String address = TestMailServer.address(user.username());
		this.client.post("/api/v1/users", withEmail(user, address)).expectStatus().isCreated();
		this.client
			.post("/api/v1/email-verifications",
					"{\"token\":\"" + TestMailServer.tokenIn(this.mail.awaitMailTo(address)) + "\"}")
			.expectStatus()
			.isNoContent();
		return address;
	}

	private static String withEmail(TestUsers.Credentials user, String email) {
		return "{\"username\":\"" + user.username() + "\",\"password\":\"" + user.password() + "\",\"email\":\"" + email
				+ "\"}";
	}

	private static WebTestClient.ResponseSpec requestReset(AuthClient client, String email) {
		return client.post("/api/v1/password-resets", "{\"email\":\"" + email + "\"}");
	}

	private WebTestClient.ResponseSpec confirm(String token, String newPassword) {
		return this.client.post("/api/v1/password-resets/confirm",
				"{\"token\":\"" + token + "\",\"new_password\":\"" + newPassword + "\"}");
	}

	/** Waits for the first reset mail to {@code address} and returns its text. */
	private String awaitResetMail(String address) {
		await().atMost(PATIENCE).until(() -> !resetMailsTo(address).isEmpty());
		return TestMailServer.text(resetMailsTo(address).get(0));
	}

	private List<MimeMessage> resetMailsTo(String address) {
		return this.mail.to(address).stream().filter(PasswordResetE2ETests::isReset).toList();
	}

	private static boolean isReset(MimeMessage message) {
		try {
			return SUBJECT.equals(message.getSubject());
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long resetMailsQueued(String address) throws SQLException {
		return count(
				"SELECT count(*) FROM mail_outbox WHERE lower(recipient) = lower(?) AND subject = '" + SUBJECT + "'",
				address);
	}

	private static long resetMailAttempts(String address) throws SQLException {
		return count("SELECT coalesce(sum(attempts), 0) FROM mail_outbox WHERE recipient = ? AND subject = '" + SUBJECT
				+ "'", address);
	}

	private static boolean resetMailSent(String address) throws SQLException {
		return count("SELECT count(*) FROM mail_outbox WHERE recipient = ? AND sent_at IS NOT NULL AND body IS NULL "
				+ "AND subject = '" + SUBJECT + "'", address) == 1;
	}

	private static long auditEvents(String username, String event) throws SQLException {
		return count("SELECT count(*) FROM audit_events WHERE event = '" + event
				+ "' AND user_id = (SELECT id FROM users WHERE username = ?)", username);
	}

	private static long throttledEvents(String limit) throws SQLException {
		return count("SELECT count(*) FROM audit_events WHERE event = 'password_reset_throttled' AND detail = ?",
				limit);
	}

	private static List<String> revokeReasons(String username) throws SQLException {
		try (Connection db = TestDatabase.shared().connect();
				PreparedStatement select = db
					.prepareStatement("SELECT revoke_reason FROM sessions WHERE revoked_at IS NOT NULL AND user_id = "
							+ "(SELECT id FROM users WHERE username = ?)")) {
			select.setString(1, username);
			try (ResultSet rows = select.executeQuery()) {
				List<String> reasons = new java.util.ArrayList<>();
				while (rows.next()) {
					reasons.add(rows.getString(1));
				}
				return reasons;
			}
		}
	}

	private static long count(String sql, String parameter) throws SQLException {
		try (Connection db = TestDatabase.shared().connect(); PreparedStatement count = db.prepareStatement(sql)) {
			count.setString(1, parameter);
			try (ResultSet rows = count.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

}
