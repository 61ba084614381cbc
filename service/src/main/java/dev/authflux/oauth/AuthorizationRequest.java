package dev.authflux.oauth;

import java.util.Set;

/**
 * A validated authorization request (RFC 6749 §4.1.1, OpenID Connect Core 1.0 §3.1.2.1).
 *
 * @param redirectUriSent the {@code redirect_uri} as sent, or null if it was left out
 * @param scope the requested scope string, within the client's
 * @param nonce the {@code nonce}, or null
 * @param codeChallenge the S256 {@code code_challenge}, or null
 * @param prompt the {@code prompt} values
 * @param maxAge the {@code max_age} in seconds, or null
 * @param loginHint the {@code login_hint}, or null
 * @param loginMarker the marker of the sign-in this request sent the browser to, or null
 */
record AuthorizationRequest(String redirectUriSent, String scope, String nonce, String codeChallenge,
		Set<String> prompt, Long maxAge, String loginHint, String loginMarker) {

	boolean promptNone() {
		return this.prompt.contains("none");
	}

	/** Whether a sign-in must be fresh: {@code prompt=login} or a {@code max_age}. */
	boolean wantsFreshSignIn() {
		return this.prompt.contains("login") || this.maxAge != null;
	}

}
