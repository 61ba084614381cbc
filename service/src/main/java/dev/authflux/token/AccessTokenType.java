package dev.authflux.token;

import com.nimbusds.jose.JOSEObjectType;

/**
 * The header {@code typ} of the access tokens this service signs. Stock resource servers
 * (Spring Security 7's {@code JwtTypeValidator}) accept only {@code JWT} or none, so that
 * is the default; RFC 9068's {@code at+jwt} is for resource servers that check it.
 * Verification accepts both, so switching leaves the tokens already issued valid.
 */
public enum AccessTokenType {

	JWT(JOSEObjectType.JWT),

	AT_JWT(new JOSEObjectType("at+jwt"));

	private final JOSEObjectType joseType;

	AccessTokenType(JOSEObjectType joseType) {
		this.joseType = joseType;
	}

	public JOSEObjectType joseType() {
		return this.joseType;
	}

	/**
	 * Whether a token's header {@code typ} is one this service issues access tokens as.
	 */
	static boolean isAccessToken(JOSEObjectType presented) {
		for (AccessTokenType type : values()) {
			if (type.joseType.equals(presented)) {
				return true;
			}
		}
		return false;
	}

}
