package dev.authflux.session;

import dev.authflux.audit.AuditEvent;

/**
 * Why an owner or an operator ended a session: stored as {@code revoke_reason}, and
 * audited.
 */
enum RevokeReason {

	LOGOUT("logout", AuditEvent.LOGOUT),

	REVOKED("revoked", AuditEvent.SESSIONS_REVOKED),

	REVOKED_ALL("revoked_all", AuditEvent.SESSIONS_REVOKED),

	OPERATOR("operator", AuditEvent.SESSIONS_REVOKED);

	private final String code;

	private final AuditEvent event;

	RevokeReason(String code, AuditEvent event) {
		this.code = code;
		this.event = event;
	}

	String code() {
		return this.code;
	}

	AuditEvent event() {
		return this.event;
	}

}
