package dev.authflux.support;

import java.util.List;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * An account's audit events as the database holds them, oldest first: what the tests of a
 * feature check its events against.
 */
public final class AuditTrail {

	private AuditTrail() {
	}

	/** The account's event codes. */
	public static List<String> events(DatabaseClient db, UUID userId) {
		return db.sql("SELECT event FROM audit_events WHERE user_id = :userId ORDER BY id")
			.bind("userId", userId)
			.map((row) -> row.get("event", String.class))
			.all()
			.collectList()
			.block();
	}

	/** The details of the account's events of one kind. */
	public static List<String> details(DatabaseClient db, UUID userId, String event) {
		return db.sql("SELECT detail FROM audit_events WHERE user_id = :userId AND event = :event ORDER BY id")
			.bind("userId", userId)
			.bind("event", event)
			.map((row) -> row.get("detail", String.class))
			.all()
			.collectList()
			.block();
	}

}
