package dev.authflux.session;

import java.util.List;

import dev.authflux.mfa.MfaChallenge;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The answer to a right password of an account with a second factor: no session yet, and
 * the token that {@code POST /api/v1/sessions/mfa} completes the login with.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SecondFactorRequired(boolean mfaRequired, String mfaToken, List<String> methods,
		long expiresIn) implements LoginOutcome {

	static SecondFactorRequired of(MfaChallenge challenge) {
		return new SecondFactorRequired(true, challenge.mfaToken(), challenge.methods(), challenge.expiresInSeconds());
	}

	@Override
	public String toString() {
		return "SecondFactorRequired[]";
	}

}
