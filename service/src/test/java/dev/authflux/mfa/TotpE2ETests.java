package dev.authflux.mfa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.TestDatabase;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TOTP enrollment, confirmation and disabling over HTTP, with the codes computed by the
 * test from the secret the service hands out.
 */
@Tag("e2e")
class TotpE2ETests extends ApplicationTest {

	private static final String TOTP = "/api/v1/users/me/mfa/totp";

	private AuthClient client;

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@Test
	void enrollWhenConfirmedWithAComputedCodeThenTenRecoveryCodesAndTheSecretIsStoredEncrypted() throws Exception {
		TestUsers.Credentials user = TestUsers.alice();
		String token = this.client.registerAndLogin(user).accessToken();

		Map<String, Object> enrollment = enroll(token, user.password()).expectStatus()
			.isOk()
			.expectHeader()
			.cacheControl(org.springframework.http.CacheControl.noStore())
			.expectBody(Authenticator.JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		String secret = (String) enrollment.get("secret");
		assertThat(secret).matches("[A-Z2-7]{32}");
		assertThat((String) enrollment.get("otpauth_uri")).isEqualTo("otpauth://totp/authflux:" + user.username()
				+ "?secret=" + secret + "&issuer=authflux&algorithm=SHA1&digits=6&period=30");
		byte[] stored = storedSecret(user.username());
		assertThat(java.util.HexFormat.of().formatHex(stored)).as("not stored in the clear")
			.doesNotContain(java.util.HexFormat.of().formatHex(Base32.decode(secret)));

		String code = TotpCodes.sixDigits().code(Base32.decode(secret), TotpCodes.stepAt(Instant.now()));
		this.client.withToken("POST", TOTP + "/confirm", token, Authenticator.code(code))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.recovery_codes.length()")
			.isEqualTo(10)
			.jsonPath("$.recovery_codes[0]")
			.value((first) -> assertThat((String) first).matches("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}"));
		assertThat(count("SELECT count(*) FROM recovery_codes r JOIN users u ON u.id = r.user_id WHERE u.username = ?",
				user.username()))
			.isEqualTo(10);
		assertThat(auditEvents(user.username(), "mfa_enrolled")).isEqualTo(1);
	}

	@Test
	void enrollWhenWrongPasswordThen401InvalidCredentialsCountedAsAFailure() throws Exception {
		TestUsers.Credentials user = TestUsers.alice();
		String token = this.client.registerAndLogin(user).accessToken();

		enroll(token, "not the password").expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_credentials");
		assertThat(count("""
				SELECT count(*) FROM audit_events WHERE event = 'login_failed' AND detail = 'mfa_enrollment'
				  AND user_id = (SELECT id FROM users WHERE username = ?)""", user.username())).isEqualTo(1);
	}

	@Test
	void enrollAgainWhilePendingThenTheNewSecretReplacesTheOld() {
		TestUsers.Credentials user = TestUsers.alice();
		String token = this.client.registerAndLogin(user).accessToken();
		byte[] first = secretOf(enroll(token, user.password()));
		byte[] second = secretOf(enroll(token, user.password()));
		long now = TotpCodes.stepAt(Instant.now());

		confirm(token, TotpCodes.sixDigits().code(first, now)).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_code");
		confirm(token, TotpCodes.sixDigits().code(second, now)).expectStatus().isOk();
	}

	@Test
	void enrollOrConfirmWhenAlreadyConfirmedThen409() {
		TestUsers.Credentials user = TestUsers.alice();
		String token = this.client.registerAndLogin(user).accessToken();
		Authenticator phone = Authenticator.enroll(this.client, token, user);

		enroll(token, user.password()).expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("totp_already_enabled");
		confirm(token, phone.nextCode()).expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("totp_not_pending");
	}

	@Test
	void confirmWhenNothingPendingThen409() {
		String token = this.client.registerAndLogin(TestUsers.alice()).accessToken();

		confirm(token, "123456").expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("totp_not_pending");
	}

	@Test
	void disableWithATotpCodeThen204AndRecoveryCodesGoneAndThePasswordAloneLogsIn() throws Exception {
		TestUsers.Credentials user = TestUsers.alice();
		String token = this.client.registerAndLogin(user).accessToken();
		Authenticator phone = Authenticator.enroll(this.client, token, user);

		disable(token, phone.wrongCode()).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_code");
		disable(token, phone.nextCode()).expectStatus().isNoContent();

		assertThat(count("SELECT count(*) FROM recovery_codes r JOIN users u ON u.id = r.user_id WHERE u.username = ?",
				user.username()))
			.isZero();
		assertThat(auditEvents(user.username(), "mfa_disabled")).isEqualTo(1);
		assertThat(this.client.login(user).accessToken()).isNotEmpty();
		disable(token, phone.nextCode()).expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("totp_not_enabled");
	}

	@Test
	void disableWithARecoveryCodeThen204() throws Exception {
		TestUsers.Credentials user = TestUsers.alice();
		String token = this.client.registerAndLogin(user).accessToken();
		Authenticator phone = Authenticator.enroll(this.client, token, user);

		disable(token, phone.recoveryCodes().get(3).toUpperCase(java.util.Locale.ROOT)).expectStatus().isNoContent();

		assertThat(auditEvents(user.username(), "recovery_code_used")).isEqualTo(1);
		assertThat(this.client.login(user).accessToken()).isNotEmpty();
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec enroll(String token,
			String password) {
		return this.client.withToken("POST", TOTP, token, Authenticator.password(password));
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec confirm(String token, String code) {
		return this.client.withToken("POST", TOTP + "/confirm", token, Authenticator.code(code));
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec disable(String token, String code) {
		return this.client.withToken("DELETE", TOTP, token, Authenticator.code(code));
	}

	private static byte[] secretOf(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response) {
		Map<String, Object> body = response.expectStatus()
			.isOk()
			.expectBody(Authenticator.JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		return Base32.decode((String) body.get("secret"));
	}

	private static byte[] storedSecret(String username) throws SQLException {
		try (Connection db = TestDatabase.shared().connect();
				PreparedStatement select = db.prepareStatement(
						"SELECT secret_encrypted FROM totp_credentials t JOIN users u ON u.id = t.user_id WHERE u.username = ?")) {
			select.setString(1, username);
			try (ResultSet rows = select.executeQuery()) {
				assertThat(rows.next()).isTrue();
				return rows.getBytes(1);
			}
		}
	}

	static long auditEvents(String username, String event) throws SQLException {
		return count(
				"SELECT count(*) FROM audit_events WHERE event = ? AND user_id = (SELECT id FROM users WHERE username = ?)",
				event, username);
	}

	static long count(String sql, String... parameters) throws SQLException {
		try (Connection db = TestDatabase.shared().connect(); PreparedStatement count = db.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				count.setString(i + 1, parameters[i]);
			}
			try (ResultSet rows = count.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

}
