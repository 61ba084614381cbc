package dev.authflux.passkey;

import java.util.List;

/**
 * WebAuthn's {@code PublicKeyCredentialRequestOptionsJSON} (Level 3 §5.5.1), for
 * {@code PublicKeyCredential.parseRequestOptionsFromJSON} and
 * {@code navigator.credentials.get}. For a login without a password
 * {@code allowCredentials} is empty: the authenticator offers the passkeys it holds for
 * the RP ID, and the one chosen names its account. For a login's second step it lists the
 * account's passkeys.
 */
public record RequestOptions(String challenge, String rpId, long timeout, String userVerification,
		List<CreationOptions.CredentialDescriptor> allowCredentials) {
}
