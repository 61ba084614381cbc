package dev.authflux.token;

/**
 * A freshly signed access token.
 *
 * @param value the compact JWT
 * @param expiresInSeconds its lifetime, the {@code expires_in} of RFC 6749 §5.1
 */
public record IssuedAccessToken(String value, long expiresInSeconds) {

	@Override
	public String toString() {
		return "IssuedAccessToken[expiresInSeconds=" + this.expiresInSeconds + "]";
	}

}
