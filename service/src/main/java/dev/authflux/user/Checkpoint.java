package dev.authflux.user;

/**
 * The places a password is checked, each guarded by the same account counters; the
 * {@link #code()} is the audit events' {@code detail}.
 */
enum Checkpoint {

	LOGIN("login"), COMPAT("compat"), PASSWORD_CHANGE("password_change"), ACCOUNT_DELETION("account_deletion"),

	/** The password that starts a TOTP enrollment. */
	MFA_ENROLLMENT("mfa_enrollment"),

	/** The code of the second step of a login. */
	SECOND_FACTOR("second_factor"),

	/** The code that turns the second factor off. */
	MFA_DISABLE("mfa_disable");

	private final String code;

	Checkpoint(String code) {
		this.code = code;
	}

	String code() {
		return this.code;
	}

	/** Whether a one-time code is checked here rather than a password. */
	boolean isCode() {
		return this == SECOND_FACTOR || this == MFA_DISABLE;
	}

}
