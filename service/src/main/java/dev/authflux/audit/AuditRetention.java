package dev.authflux.audit;

import dev.authflux.system.HousekeepingTask;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** Deletes audit events older than the configured retention. */
@Component
class AuditRetention implements HousekeepingTask {

	private final DatabaseClient db;

	private final AuditProperties properties;

	AuditRetention(DatabaseClient db, AuditProperties properties) {
		this.db = db;
		this.properties = properties;
	}

	@Override
	public String name() {
		return "audit retention";
	}

	@Override
	public Mono<Long> run() {
		return this.db.sql("DELETE FROM audit_events WHERE occurred_at < now() - :retention * interval '1 second'")
			.bind("retention", this.properties.retention().toSeconds())
			.fetch()
			.rowsUpdated();
	}

}
