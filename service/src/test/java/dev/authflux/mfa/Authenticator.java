package dev.authflux.mfa;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.authflux.support.AuthClient;
import dev.authflux.support.TestUsers;

import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test's authenticator app: enrolls an account over HTTP and computes its codes. Each
 * code it hands out is of a later time step than the one before (within the server's
 * allowed skew), since the server accepts each step once.
 */
public final class Authenticator {

	public static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final byte[] secret;

	private final List<String> recoveryCodes;

	private long lastStep;

	private Authenticator(byte[] secret, List<String> recoveryCodes, long lastStep) {
		this.secret = secret;
		this.recoveryCodes = recoveryCodes;
		this.lastStep = lastStep;
	}

	/** Enrolls the logged-in account: secret, a code computed here, confirmation. */
	@SuppressWarnings("unchecked")
	public static Authenticator enroll(AuthClient client, String accessToken, TestUsers.Credentials user) {
		Map<String, Object> enrollment = client
			.withToken("POST", "/api/v1/users/me/mfa/totp", accessToken, password(user.password()))
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		byte[] secret = Base32.decode((String) enrollment.get("secret"));
		long step = TotpCodes.stepAt(Instant.now());
		Map<String, Object> confirmed = client
			.withToken("POST", "/api/v1/users/me/mfa/totp/confirm", accessToken,
					code(TotpCodes.sixDigits().code(secret, step)))
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		List<String> recoveryCodes = (List<String>) confirmed.get("recovery_codes");
		assertThat(recoveryCodes).hasSize(10);
		return new Authenticator(secret, recoveryCodes, step);
	}

	/** The code of the step after the last one used, or of now if that is later. */
	public String nextCode() {
		this.lastStep = Math.max(this.lastStep + 1, TotpCodes.stepAt(Instant.now()));
		return TotpCodes.sixDigits().code(this.secret, this.lastStep);
	}

	/** The code most recently handed out, again. */
	String lastCode() {
		return TotpCodes.sixDigits().code(this.secret, this.lastStep);
	}

	/** Six digits that are no code of the steps around now. */
	public String wrongCode() {
		long now = TotpCodes.stepAt(Instant.now());
		for (int candidate = 0;; candidate++) {
			String code = "%06d".formatted(candidate);
			boolean valid = false;
			for (long step = now - 2; step <= now + 2; step++) {
				valid |= TotpCodes.sixDigits().code(this.secret, step).equals(code);
			}
			if (!valid) {
				return code;
			}
		}
	}

	byte[] secret() {
		return this.secret;
	}

	public List<String> recoveryCodes() {
		return this.recoveryCodes;
	}

	static String password(String password) {
		return "{\"password\":\"" + password + "\"}";
	}

	static String code(String code) {
		return "{\"code\":\"" + code + "\"}";
	}

}
