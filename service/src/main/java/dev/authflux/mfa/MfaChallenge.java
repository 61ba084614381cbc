package dev.authflux.mfa;

import java.util.List;

/**
 * The answer to a right password of an account with a second factor.
 *
 * @param mfaToken the opaque token of the second step
 * @param methods the second factors the account can answer with
 * @param expiresInSeconds how long the token is good for
 */
public record MfaChallenge(String mfaToken, List<String> methods, long expiresInSeconds) {

	@Override
	public String toString() {
		return "MfaChallenge[]";
	}

}
