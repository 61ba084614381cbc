package dev.authflux.passkey;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;
import dev.authflux.mfa.Authenticator;
import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuditTrail;
import dev.authflux.support.AuthClient;
import dev.authflux.support.SoftwareAuthenticator;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.authflux.support.Throttling.assertThrottled;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys as the second factor of a login with a password, with an authenticator in the
 * test's code: offered only to an account with TOTP and a passkey, options bound to that
 * account, {@code amr} {@code ["pwd", "webauthn"]}, and refusals counted like wrong
 * codes. Also the passwordless login of such an account, which needs the user verified.
 */
@Tag("e2e")
class PasskeySecondFactorE2ETests extends ApplicationTest {

	private static final String MFA = "/api/v1/sessions/mfa";

	@Autowired
	private DatabaseClient db;

	private AuthClient client;

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@Test
	void loginWhenTotpAndPasskeyThenWebauthnOfferedAndThePasskeyCompletesItWithAmrPwdWebauthn() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("pk2f");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		Authenticator.enroll(this.client, api.accessToken(), user);
		SoftwareAuthenticator key = registered(api);

		Map<String, Object> challenge = passwordStep(user);
		assertThat(challenge).containsEntry("methods", List.of("totp", "recovery_code", "webauthn"));
		String mfaToken = (String) challenge.get("mfa_token");
		Map<String, Object> options = options(mfaToken).expectStatus()
			.isOk()
			.expectBody(Authenticator.JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(options).containsEntry("rpId", "localhost")
			.containsEntry("userVerification", "discouraged")
			.containsEntry("allowCredentials", List.of(Map.of("type", "public-key", "id", key.credentialId())));

		AuthClient.Tokens tokens = AuthClient.Tokens.of(secondStep(mfaToken, key.assertion(options)).expectStatus()
			.isCreated()
			.expectHeader()
			.exists("Location")
			.expectBody(Authenticator.JSON_OBJECT)
			.returnResult()
			.getResponseBody());
		assertThat(amr(tokens.accessToken())).containsExactly("pwd", "webauthn");
		assertThat(amr(this.client.refreshed(tokens.refreshToken()).accessToken())).containsExactly("pwd", "webauthn");
		assertThat(eventsOf(user)).contains("passkey_login");
	}

	@Test
	void methodsWhenPasskeyWithoutTotpOrTotpWithoutPasskeyThenAsTheAccountHas() {
		TestUsers.Credentials passkeyOnly = TestUsers.unique("pk2f-only");
		registered(this.client.registerAndLogin(passkeyOnly));
		this.client.post("/api/v1/sessions", passkeyOnly.json())
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.access_token")
			.exists();

		TestUsers.Credentials totpOnly = TestUsers.unique("pk2f-totp");
		Authenticator.enroll(this.client, this.client.registerAndLogin(totpOnly).accessToken(), totpOnly);
		String mfaToken = (String) passwordStep(totpOnly).get("mfa_token");
		assertThat(passwordStep(totpOnly)).containsEntry("methods", List.of("totp", "recovery_code"));
		refused(options(mfaToken), HttpStatus.CONFLICT, "no_passkey");
	}

	@Test
	void optionsAndSecondStepWhenMfaTokenUnknownThenInvalidToken() {
		TestUsers.Credentials user = TestUsers.unique("pk2f-token");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		Authenticator.enroll(this.client, api.accessToken(), user);
		SoftwareAuthenticator key = registered(api);
		Map<String, Object> options = optionsOf((String) passwordStep(user).get("mfa_token"));

		refused(options("unknown-token"), HttpStatus.UNAUTHORIZED, "invalid_token");
		refused(secondStep("unknown-token", key.assertion(options)), HttpStatus.UNAUTHORIZED, "invalid_token");
	}

	@Test
	void secondStepWhenTheCredentialIsNoWebAuthnResponseThenBadRequestNotCounted() {
		TestUsers.Credentials user = TestUsers.unique("pk2f-bad");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		Authenticator.enroll(this.client, api.accessToken(), user);
		SoftwareAuthenticator key = registered(api);
		String mfaToken = (String) passwordStep(user).get("mfa_token");

		refused(secondStep(mfaToken, "{\"id\":\"AAAA\"}"), HttpStatus.BAD_REQUEST, "invalid_credential");

		assertThat(detailsOf(user, "mfa_failed")).isEmpty();
		secondStep(mfaToken, key.assertion(optionsOf(mfaToken))).expectStatus().isCreated();
	}

	@Test
	void secondStepWhenAnotherAccountsPasskeyOrReplayedThenInvalidCodeAndAudited() {
		TestUsers.Credentials user = TestUsers.unique("pk2f-victim");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		Authenticator.enroll(this.client, api.accessToken(), user);
		SoftwareAuthenticator own = registered(api);
		SoftwareAuthenticator foreign = registered(this.client.registerAndLogin(TestUsers.unique("pk2f-thief")));
		String mfaToken = (String) passwordStep(user).get("mfa_token");

		refused(secondStep(mfaToken, foreign.assertion(optionsOf(mfaToken))), HttpStatus.UNAUTHORIZED, "invalid_code");
		String assertion = own.assertion(optionsOf(mfaToken));
		secondStep(mfaToken, assertion).expectStatus().isCreated();
		String again = (String) passwordStep(user).get("mfa_token");
		refused(secondStep(again, assertion), HttpStatus.UNAUTHORIZED, "invalid_code");
		refused(secondStep(mfaToken, own.assertion(optionsOf(again))), HttpStatus.UNAUTHORIZED, "invalid_token");

		assertThat(detailsOf(user, "passkey_refused")).containsExactly("other_account", "unknown_challenge");
		assertThat(detailsOf(user, "mfa_failed")).hasSize(2);
	}

	@Test
	void secondStepWhenAChallengeOfAnotherLoginOrPasswordlessThenInvalidCode() {
		TestUsers.Credentials user = TestUsers.unique("pk2f-chal");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		Authenticator.enroll(this.client, api.accessToken(), user);
		SoftwareAuthenticator key = registered(api);
		String mfaToken = (String) passwordStep(user).get("mfa_token");
		Map<String, Object> passwordless = this.client.post(PasskeyRoutes.LOGIN_OPTIONS, "{}")
			.expectStatus()
			.isOk()
			.expectBody(Authenticator.JSON_OBJECT)
			.returnResult()
			.getResponseBody();

		refused(secondStep(mfaToken, key.assertion(passwordless)), HttpStatus.UNAUTHORIZED, "invalid_code");
		secondStep(mfaToken, key.assertion(optionsOf(mfaToken))).expectStatus().isCreated();
	}

	@Test
	void wrongAssertionsCountAsFailedLoginsOfTheAccountUntilItIsThrottled() {
		TestUsers.Credentials user = TestUsers.unique("pk2f-throttle");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		Authenticator.enroll(this.client, api.accessToken(), user);
		SoftwareAuthenticator key = registered(api);
		SoftwareAuthenticator stranger = SoftwareAuthenticator.forDefaultIssuer();
		String mfaToken = (String) passwordStep(user).get("mfa_token");

		for (int i = 0; i < 5; i++) {
			refused(secondStep(mfaToken, stranger.assertion(optionsOf(mfaToken))), HttpStatus.UNAUTHORIZED,
					"invalid_code");
		}

		assertThrottled(secondStep(mfaToken, key.assertion(optionsOf(mfaToken))));
		assertThrottled(this.client.post("/api/v1/sessions", user.json()));
		assertThat(detailsOf(user, "mfa_failed")).hasSize(5);
	}

	@Test
	void secondStepWhenCredentialAndCodeOrNotAnObjectThenValidationFailed() {
		refused(this.client.post(MFA, "{\"mfa_token\":\"t\",\"totp_code\":\"123456\",\"credential\":{}}"),
				HttpStatus.BAD_REQUEST, "validation_failed");
		refused(this.client.post(MFA, "{\"mfa_token\":\"t\",\"recovery_code\":\"abcd\",\"credential\":{}}"),
				HttpStatus.BAD_REQUEST, "validation_failed");
		refused(this.client.post(MFA, "{\"mfa_token\":\"t\",\"credential\":\"text\"}"), HttpStatus.BAD_REQUEST,
				"validation_failed");
		refused(this.client.post(PasskeyRoutes.SECOND_FACTOR_OPTIONS, "{}"), HttpStatus.BAD_REQUEST,
				"validation_failed");
	}

	@Test
	void passwordlessLoginOfAnAccountWithTotpWhenUserVerifiedThenNoSecondStepElseRefused() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("pk2f-uv");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		Authenticator.enroll(this.client, api.accessToken(), user);
		SoftwareAuthenticator key = registered(api);
		Map<String, Object> options = passwordlessOptions();
		assertThat(options).containsEntry("userVerification", "required");

		Map<String, Object> tokens = passwordless(key.assertion(options)).expectStatus()
			.isCreated()
			.expectBody(Authenticator.JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(amr((String) tokens.get("access_token"))).containsExactly("webauthn");

		refused(passwordless(key.presenceOnly().assertion(passwordlessOptions())), HttpStatus.UNAUTHORIZED,
				"invalid_passkey");
		assertThat(detailsOf(user, "passkey_refused")).containsExactly("user_verification");
		String mfaToken = (String) passwordStep(user).get("mfa_token");
		secondStep(mfaToken, key.assertion(optionsOf(mfaToken))).expectStatus().isCreated();
	}

	private SoftwareAuthenticator registered(AuthClient.Tokens api) {
		SoftwareAuthenticator authenticator = SoftwareAuthenticator.forDefaultIssuer();
		Map<String, Object> options = this.client
			.withToken("POST", PasskeyRoutes.REGISTRATION_OPTIONS, api.accessToken(), null)
			.expectStatus()
			.isOk()
			.expectBody(Authenticator.JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		this.client
			.withToken("POST", PasskeyRoutes.PASSKEYS, api.accessToken(),
					"{\"credential\": " + authenticator.register(options) + "}")
			.expectStatus()
			.isCreated();
		return authenticator;
	}

	private Map<String, Object> passwordStep(TestUsers.Credentials user) {
		return this.client.post("/api/v1/sessions", user.json())
			.expectStatus()
			.isOk()
			.expectBody(Authenticator.JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec options(String mfaToken) {
		return this.client.post(PasskeyRoutes.SECOND_FACTOR_OPTIONS, "{\"mfa_token\":\"" + mfaToken + "\"}");
	}

	private Map<String, Object> optionsOf(String mfaToken) {
		return options(mfaToken).expectStatus()
			.isOk()
			.expectBody(Authenticator.JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec secondStep(String mfaToken, String assertion) {
		return this.client.post(MFA, "{\"mfa_token\":\"" + mfaToken + "\",\"credential\":" + assertion + "}");
	}

	private Map<String, Object> passwordlessOptions() {
		return this.client.post(PasskeyRoutes.LOGIN_OPTIONS, "{}")
			.expectStatus()
			.isOk()
			.expectBody(Authenticator.JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec passwordless(String assertion) {
		return this.client.post(PasskeyRoutes.LOGIN, "{\"credential\": " + assertion + "}");
	}

	private static void refused(WebTestClient.ResponseSpec response, HttpStatus status, String code) {
		response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo(code);
	}

	private static List<String> amr(String accessToken) throws Exception {
		return SignedJWT.parse(accessToken).getJWTClaimsSet().getStringListClaim("amr");
	}

	private UUID userIdOf(TestUsers.Credentials user) {
		return this.db.sql("SELECT id FROM users WHERE username = :username")
			.bind("username", user.username())
			.map((row) -> row.get("id", UUID.class))
			.one()
			.block();
	}

	private List<String> eventsOf(TestUsers.Credentials user) {
		return AuditTrail.events(this.db, userIdOf(user));
	}

	private List<String> detailsOf(TestUsers.Credentials user, String event) {
		return AuditTrail.details(this.db, userIdOf(user), event);
	}

}
