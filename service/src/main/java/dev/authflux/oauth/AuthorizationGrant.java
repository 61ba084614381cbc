package dev.authflux.oauth;

import java.time.Instant;
import java.util.UUID;

/**
 * What an authorization code stands for: the client, the signed-in user and browser
 * session that approved it, and what the token request must match.
 *
 * @param clientId the client it was issued to
 * @param userId the user who signed in
 * @param browserSessionId the browser session (the ID token's {@code sid})
 * @param redirectUri the {@code redirect_uri} the request sent, or null if it sent none
 * @param scope the granted scope string
 * @param nonce the request's {@code nonce}, or null
 * @param codeChallenge the S256 {@code code_challenge}, or null
 * @param authTime when the user entered the password
 */
record AuthorizationGrant(String clientId, UUID userId, UUID browserSessionId, String redirectUri, String scope,
		String nonce, String codeChallenge, Instant authTime) {

	@Override
	public String toString() {
		return "AuthorizationGrant[clientId=" + this.clientId + ", scope=" + this.scope + "]";
	}

}
