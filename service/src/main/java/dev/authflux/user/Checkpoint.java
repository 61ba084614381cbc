package dev.authflux.user;

/**
 * The places a password is checked, each guarded by the same account counters; the
 * {@link #code()} is the audit events' {@code detail}.
 */
enum Checkpoint {

	LOGIN("login"), COMPAT("compat"), PASSWORD_CHANGE("password_change"), ACCOUNT_DELETION("account_deletion");

	private final String code;

	Checkpoint(String code) {
		this.code = code;
	}

	String code() {
		return this.code;
	}

}
