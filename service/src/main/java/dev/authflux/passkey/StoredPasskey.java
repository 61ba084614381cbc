package dev.authflux.passkey;

import java.util.UUID;

import dev.authflux.user.User;

/**
 * A registered passkey with what verifying its next assertion needs, and the account it
 * belongs to.
 *
 * @param id the passkey's id in the API
 * @param user the account (without its password hash): a login starts a session for it
 * @param attestedCredentialData AAGUID, credential id and COSE public key, as registered
 * @param signCount the highest signature counter seen
 */
record StoredPasskey(UUID id, User user, byte[] attestedCredentialData, long signCount, boolean uvInitialized,
		boolean backupEligible, boolean backupState) {

	@Override
	public String toString() {
		return "StoredPasskey[id=" + this.id + ", user=" + this.user.id() + "]";
	}

}
