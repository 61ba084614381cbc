package dev.authflux.passkey;

import java.util.List;

/**
 * WebAuthn's {@code PublicKeyCredentialCreationOptionsJSON} (Level 3 §5.1.1), which a
 * page hands to {@code PublicKeyCredential.parseCreationOptionsFromJSON} and then to
 * {@code navigator.credentials.create}: WebAuthn's own member names, so camelCase.
 */
public record CreationOptions(String challenge, RelyingPartyEntity rp, UserEntity user,
		List<CredentialParameters> pubKeyCredParams, long timeout, List<CredentialDescriptor> excludeCredentials,
		AuthenticatorSelection authenticatorSelection, String attestation) {

	/** The relying party, by its RP ID. */
	public record RelyingPartyEntity(String id, String name) {
	}

	/** The account: {@code id} is the user handle, Base64url. */
	public record UserEntity(String id, String name, String displayName) {
	}

	/** An algorithm the relying party accepts, by its COSE identifier. */
	public record CredentialParameters(String type, long alg) {
	}

	/** A credential the authenticator must not register again, Base64url. */
	public record CredentialDescriptor(String type, String id) {
	}

	/**
	 * A discoverable credential (a passkey, for logins without a username), with user
	 * verification where the authenticator can.
	 */
	public record AuthenticatorSelection(String residentKey, boolean requireResidentKey, String userVerification) {
	}

}
