package dev.authflux.mfa;

/**
 * A pending TOTP enrollment as the user's authenticator app takes it.
 *
 * @param secret the shared secret in Base32
 * @param otpauthUri the same as a Key URI for a QR code
 */
public record TotpEnrollment(String secret, String otpauthUri) {

	@Override
	public String toString() {
		return "TotpEnrollment[]";
	}

}
