package dev.authflux.audit;

/**
 * The security events written to {@code audit_events}, each by {@link AuditInsert} in the
 * same SQL statement as the change it records. The {@link #code()} is what is stored and
 * what operators query by.
 */
public enum AuditEvent {

	REGISTERED("registered"),

	LOGIN_SUCCEEDED("login_succeeded"),

	/**
	 * A wrong password, at a login or a confirmation; {@code detail} says which
	 * ({@code login}, {@code compat}, {@code password_change}, {@code account_deletion}).
	 */
	LOGIN_FAILED("login_failed"),

	/**
	 * An attempt refused by brute-force throttling, before any password check;
	 * {@code detail} as for {@link #LOGIN_FAILED}.
	 */
	LOGIN_THROTTLED("login_throttled"),

	/** A registration of a name that is taken (a probe for which names exist). */
	USERNAME_TAKEN("username_taken"),

	/** A registration refused because its network probed too many taken names. */
	REGISTRATION_THROTTLED("registration_throttled"),

	/**
	 * A failed authentication of an API client; {@code detail} names the client
	 * ({@code introspection}, {@code admin}, or {@code oauth_client:<client id>} at the
	 * token endpoint).
	 */
	CLIENT_AUTHENTICATION_FAILED("client_authentication_failed"),

	/**
	 * A spent refresh token presented again; its session was revoked (RFC 9700 §4.14.2).
	 */
	REFRESH_REUSE_DETECTED("refresh_reuse_detected"),

	/**
	 * A client presented a token issued to another client (refresh or revocation); the
	 * detail names the presenting client. Nothing was changed.
	 */
	TOKEN_OF_ANOTHER_CLIENT("token_of_another_client"),

	LOGOUT("logout"),

	/**
	 * One session or all of a user's, revoked by their owner, or all of them by an
	 * operator ({@code detail} {@code operator}).
	 */
	SESSIONS_REVOKED("sessions_revoked"),

	PASSWORD_CHANGED("password_changed"),

	ACCOUNT_DELETED("account_deleted"),

	KEY_ROTATED("key_rotated"),

	/** An operator disabled the account; its sessions were revoked with it. */
	ACCOUNT_DISABLED("account_disabled"),

	/** An operator enabled the account again. */
	ACCOUNT_ENABLED("account_enabled"),

	/** An operator cleared the account's failed-login counters, ending its lockout. */
	LOGIN_FAILURES_CLEARED("login_failures_cleared"),

	/** An operator registered an OAuth client; {@code detail} is its client id. */
	CLIENT_CREATED("client_created"),

	/** An operator replaced a client's metadata; {@code detail} is its client id. */
	CLIENT_UPDATED("client_updated"),

	/** An operator deleted a client; {@code detail} is its client id. */
	CLIENT_DELETED("client_deleted"),

	/** An operator disabled a client; {@code detail} is its client id. */
	CLIENT_DISABLED("client_disabled"),

	/** An operator enabled a client again; {@code detail} is its client id. */
	CLIENT_ENABLED("client_enabled"),

	/**
	 * A user allowed a client on the consent page; {@code detail} is
	 * {@code oauth_client:<client id>}.
	 */
	CONSENT_GRANTED("consent_granted"),

	/**
	 * A user denied a client on the consent page; {@code detail} as for
	 * {@link #CONSENT_GRANTED}.
	 */
	CONSENT_DENIED("consent_denied"),

	/**
	 * A user set the email address of the account (unverified); a verification mail was
	 * queued.
	 */
	EMAIL_CHANGED("email_changed"),

	/** A user proved to read the account's email address with a mailed token. */
	EMAIL_VERIFIED("email_verified"),

	/**
	 * A password reset was asked for the account's verified address; a mail with a reset
	 * token was queued. Requests for addresses no account has verified write nothing.
	 */
	PASSWORD_RESET_REQUESTED("password_reset_requested"),

	/**
	 * Password reset requests refused by throttling; {@code detail} says which limit
	 * ({@code network} or {@code address}). Never tied to an account.
	 */
	PASSWORD_RESET_THROTTLED("password_reset_throttled"),

	/**
	 * A mailed reset token set a new password; every session of the account was revoked
	 * with it.
	 */
	PASSWORD_RESET("password_reset"),

	/** A user registered a passkey; {@code detail} is its id. */
	PASSKEY_REGISTERED("passkey_registered"),

	/** A user deleted one of its passkeys; {@code detail} is its id. */
	PASSKEY_DELETED("passkey_deleted"),

	/**
	 * A passkey's assertion verified and its counter was stored, for a login without a
	 * password; {@code detail} is its id. The session's {@code login_succeeded} follows.
	 */
	PASSKEY_LOGIN("passkey_login"),

	/**
	 * A passkey login refused; {@code detail} says why ({@code unknown_challenge},
	 * {@code unknown_credential}, {@code user_handle}, {@code verification},
	 * {@code counter}), the user is set where the credential named one.
	 */
	PASSKEY_REFUSED("passkey_refused"),

	/** A user confirmed a TOTP enrollment; ten recovery codes were issued with it. */
	MFA_ENROLLED("mfa_enrolled"),

	/** A user turned the second factor off; its recovery codes went with it. */
	MFA_DISABLED("mfa_disabled"),

	/**
	 * A wrong, replayed or spent one-time code; {@code detail} says where
	 * ({@code second_factor} at a login, {@code mfa_disable}).
	 */
	MFA_FAILED("mfa_failed"),

	/** A recovery code was spent (at a login, or to turn the second factor off). */
	RECOVERY_CODE_USED("recovery_code_used");

	private final String code;

	AuditEvent(String code) {
		this.code = code;
	}

	public String code() {
		return this.code;
	}

}
