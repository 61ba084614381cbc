package dev.authflux.mfa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.TestDatabase;
import dev.authflux.support.TestUsers;
import dev.authflux.system.HousekeepingTask;
import dev.authflux.system.OpaqueValues;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.authflux.support.Throttling.assertThrottled;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login of an account with TOTP over HTTP: the password's answer asks for the second
 * factor, {@code POST /api/v1/sessions/mfa} completes it, and the codes are accepted once
 * and counted as failed logins when wrong.
 */
@Tag("e2e")
class MfaLoginE2ETests extends ApplicationTest {

	private static final String MFA = "/api/v1/sessions/mfa";

	@Autowired
	private List<HousekeepingTask> housekeeping;

	private AuthClient client;

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@Test
	void loginWhenTotpEnabledThenMfaRequiredAndTheCodeCompletesItWithAmrPwdOtp() throws Exception {
		TestUsers.Credentials user = TestUsers.alice();
		Authenticator phone = enrolled(user);

		Map<String, Object> challenge = passwordStep(user);
		assertThat(challenge).containsEntry("mfa_required", true)
			.containsEntry("methods", List.of("totp", "recovery_code"))
			.containsEntry("expires_in", 300)
			.doesNotContainKeys("access_token", "refresh_token", "session_id");
		String mfaToken = (String) challenge.get("mfa_token");
		assertThat(mfaToken).hasSizeGreaterThanOrEqualTo(22);

		AuthClient.Tokens tokens = AuthClient.Tokens
			.of(secondStep(mfaToken, "totp_code", phone.nextCode()).expectStatus()
				.isCreated()
				.expectHeader()
				.exists("Location")
				.expectBody(Authenticator.JSON_OBJECT)
				.returnResult()
				.getResponseBody());
		assertThat(amr(tokens.accessToken())).containsExactly("pwd", "otp");
		this.client.me(tokens.accessToken()).expectStatus().isOk();
		assertThat(amr(this.client.refreshed(tokens.refreshToken()).accessToken())).as("kept across refresh")
			.containsExactly("pwd", "otp");
		assertThat(TotpE2ETests.count("""
				SELECT count(*) FROM audit_events WHERE event = 'login_succeeded' AND detail = 'amr:pwd otp'
				  AND user_id = (SELECT id FROM users WHERE username = ?)""", user.username())).isEqualTo(1);
	}

	@Test
	void loginWithoutSecondFactorThenAmrPwd() throws Exception {
		AuthClient.Tokens tokens = this.client.registerAndLogin(TestUsers.alice());

		assertThat(amr(tokens.accessToken())).containsExactly("pwd");
	}

	@Test
	void secondStepWhenCodeReplayedOrTokenSpentThenRefused() {
		TestUsers.Credentials user = TestUsers.alice();
		Authenticator phone = enrolled(user);
		String mfaToken = (String) passwordStep(user).get("mfa_token");
		String code = phone.nextCode();
		secondStep(mfaToken, "totp_code", code).expectStatus().isCreated();

		// The completed login's token is spent.
		secondStep(mfaToken, "totp_code", phone.nextCode()).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_token");
		// The code is spent: a new login cannot use it again.
		secondStep((String) passwordStep(user).get("mfa_token"), "totp_code", code).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_code");
	}

	@Test
	void secondStepWhenTheConfirmingCodeIsUsedThenRefused() {
		TestUsers.Credentials user = TestUsers.alice();
		Authenticator phone = enrolled(user);

		secondStep((String) passwordStep(user).get("mfa_token"), "totp_code", phone.lastCode()).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_code");
	}

	@Test
	void recoveryCodesWorkOnceEachWithAmrPwdMfa() throws Exception {
		TestUsers.Credentials user = TestUsers.alice();
		Authenticator phone = enrolled(user);
		String first = phone.recoveryCodes().get(0);
		String second = phone.recoveryCodes().get(1);

		AuthClient.Tokens tokens = AuthClient.Tokens
			.of(secondStep((String) passwordStep(user).get("mfa_token"), "recovery_code", first).expectStatus()
				.isCreated()
				.expectBody(Authenticator.JSON_OBJECT)
				.returnResult()
				.getResponseBody());
		assertThat(amr(tokens.accessToken())).containsExactly("pwd", "mfa");
		secondStep((String) passwordStep(user).get("mfa_token"), "recovery_code", first).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_code");
		secondStep((String) passwordStep(user).get("mfa_token"), "recovery_code", second.replace("-", ""))
			.expectStatus()
			.isCreated();
		assertThat(TotpE2ETests.auditEvents(user.username(), "recovery_code_used")).isEqualTo(2);
	}

	@Test
	void concurrentUsesOfOneRecoveryCodeThenOneLoginOnly() {
		TestUsers.Credentials user = TestUsers.alice();
		Authenticator phone = enrolled(user);
		String code = phone.recoveryCodes().get(0);
		List<String> tokens = List.of((String) passwordStep(user).get("mfa_token"),
				(String) passwordStep(user).get("mfa_token"), (String) passwordStep(user).get("mfa_token"));

		List<Integer> statuses = reactor.core.publisher.Flux.fromIterable(tokens)
			.flatMap((token) -> reactor.core.publisher.Mono
				.fromCallable(
						() -> secondStep(token, "recovery_code", code).returnResult(Void.class).getStatus().value())
				.subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()))
			.collectList()
			.block();

		assertThat(statuses).containsExactlyInAnyOrder(201, 401, 401);
	}

	@Test
	void concurrentUsesOfOneTotpCodeThenOneLoginOnly() {
		TestUsers.Credentials user = TestUsers.alice();
		Authenticator phone = enrolled(user);
		String code = phone.nextCode();
		List<String> tokens = List.of((String) passwordStep(user).get("mfa_token"),
				(String) passwordStep(user).get("mfa_token"), (String) passwordStep(user).get("mfa_token"));

		List<Integer> statuses = reactor.core.publisher.Flux.fromIterable(tokens)
			.flatMap((token) -> reactor.core.publisher.Mono
				.fromCallable(() -> secondStep(token, "totp_code", code).returnResult(Void.class).getStatus().value())
				.subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()))
			.collectList()
			.block();

		assertThat(statuses).containsExactlyInAnyOrder(201, 401, 401);
	}

	@Test
	void wrongCodesCountAsFailedLoginsOfTheAccountUntilItIsThrottled() throws Exception {
		TestUsers.Credentials user = TestUsers.alice();
		Authenticator phone = enrolled(user);
		String mfaToken = (String) passwordStep(user).get("mfa_token");

		for (int i = 0; i < 5; i++) {
			secondStep(mfaToken, "totp_code", phone.wrongCode()).expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("invalid_code");
		}

		assertThrottled(secondStep(mfaToken, "totp_code", phone.nextCode()));
		assertThrottled(this.client.post("/api/v1/sessions", user.json()));
		assertThat(TotpE2ETests.auditEvents(user.username(), "mfa_failed")).isEqualTo(5);
	}

	@Test
	void rightPasswordsBetweenWrongCodesDoNotResetTheCount() {
		TestUsers.Credentials user = TestUsers.alice();
		Authenticator phone = enrolled(user);

		for (int i = 0; i < 5; i++) {
			secondStep((String) passwordStep(user).get("mfa_token"), "totp_code", phone.wrongCode()).expectStatus()
				.isUnauthorized();
		}

		assertThrottled(this.client.post("/api/v1/sessions", user.json()));
	}

	@Test
	void secondStepWhenMfaTokenUnknownOrExpiredThen401InvalidToken() throws Exception {
		TestUsers.Credentials user = TestUsers.alice();
		Authenticator phone = enrolled(user);
		String mfaToken = (String) passwordStep(user).get("mfa_token");

		secondStep("unknown-token", "totp_code", phone.nextCode()).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_token");
		try (Connection db = TestDatabase.shared().connect();
				PreparedStatement expire = db.prepareStatement(
						"UPDATE mfa_challenges SET expires_at = now() - interval '1 second' WHERE token_hash = ?")) {
			expire.setBytes(1, OpaqueValues.sha256(mfaToken));
			assertThat(expire.executeUpdate()).isEqualTo(1);
		}
		secondStep(mfaToken, "totp_code", phone.nextCode()).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_token");
	}

	@Test
	void housekeepingWhenAnMfaTokenExpiredMoreThanADayAgoThenItIsDeleted() throws Exception {
		TestUsers.Credentials user = TestUsers.alice();
		enrolled(user);
		String stale = (String) passwordStep(user).get("mfa_token");
		String fresh = (String) passwordStep(user).get("mfa_token");
		try (Connection db = TestDatabase.shared().connect();
				PreparedStatement expire = db.prepareStatement(
						"UPDATE mfa_challenges SET expires_at = now() - interval '25 hours' WHERE token_hash = ?")) {
			expire.setBytes(1, OpaqueValues.sha256(stale));
			assertThat(expire.executeUpdate()).isEqualTo(1);
		}

		this.housekeeping.stream()
			.filter((task) -> task.name().equals("expired mfa challenge cleanup"))
			.forEach((task) -> task.run().block());

		assertThat(TotpE2ETests.count("""
				SELECT count(*) FROM mfa_challenges c JOIN users u ON u.id = c.user_id WHERE u.username = ?""",
				user.username()))
			.isEqualTo(1);
		assertThat(fresh).isNotEqualTo(stale);
	}

	@Test
	void secondStepWhenBothOrNeitherCodeThen400() {
		this.client.post(MFA, "{\"mfa_token\":\"t\",\"totp_code\":\"123456\",\"recovery_code\":\"abcd\"}")
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("validation_failed");
		this.client.post(MFA, "{\"mfa_token\":\"t\"}")
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("validation_failed");
	}

	@Test
	void originalEndpointWhenSecondFactorThen401WithAClearMessage() {
		TestUsers.Credentials user = TestUsers.alice();
		enrolled(user);

		this.client.post("/api/auth", user.json())
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.errors")
			.isEqualTo("This account needs a second factor; log in with POST /api/v1/sessions.");
	}

	private Authenticator enrolled(TestUsers.Credentials user) {
		String token = this.client.registerAndLogin(user).accessToken();
		return Authenticator.enroll(this.client, token, user);
	}

	private Map<String, Object> passwordStep(TestUsers.Credentials user) {
		return this.client.post("/api/v1/sessions", user.json())
			.expectStatus()
			.isOk()
			.expectHeader()
			.cacheControl(org.springframework.http.CacheControl.noStore())
			.expectBody(Authenticator.JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec secondStep(String mfaToken, String field, String code) {
		return this.client.post(MFA, "{\"mfa_token\":\"" + mfaToken + "\",\"" + field + "\":\"" + code + "\"}");
	}

	private static List<String> amr(String accessToken) throws Exception {
		return SignedJWT.parse(accessToken).getJWTClaimsSet().getStringListClaim("amr");
	}

}
