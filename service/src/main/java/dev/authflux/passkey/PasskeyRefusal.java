package dev.authflux.passkey;

/**
 * Why a passkey login, or a login's second step with a passkey, was refused, as the audit
 * log records it ({@code passkey_refused} with this as {@code detail}). The caller always
 * gets the same answer.
 */
enum PasskeyRefusal {

	/** No such challenge, or it was spent, expired, or issued for a registration. */
	UNKNOWN_CHALLENGE("unknown_challenge"),

	/** No passkey with the credential id. */
	UNKNOWN_CREDENTIAL("unknown_credential"),

	/** The assertion's user handle is missing or not the passkey's account. */
	USER_HANDLE("user_handle"),

	/** At a login's second step: a passkey of another account than the password's. */
	OTHER_ACCOUNT("other_account"),

	/**
	 * At a login without a password: the authenticator did not verify the user (PIN or
	 * biometrics), so the passkey proved possession alone.
	 */
	USER_VERIFICATION("user_verification"),

	/** Origin, RP ID, user presence, client data type or signature did not verify. */
	VERIFICATION("verification"),

	/**
	 * The signature counter did not grow: a sign of a cloned authenticator (WebAuthn
	 * §6.1.1).
	 */
	COUNTER("counter");

	private final String detail;

	PasskeyRefusal(String detail) {
		this.detail = detail;
	}

	String detail() {
		return this.detail;
	}

}
