package dev.authflux.audit;

import java.util.UUID;

import dev.authflux.support.ApplicationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

class AuditRetentionIntegrationTests extends ApplicationTest {

	@Autowired
	private AuditRetention retention;

	@Autowired
	private DatabaseClient db;

	@Test
	void eventsOlderThanTheRetentionAreDeletedAndNewerOnesKept() {
		UUID user = UUID.randomUUID();
		insert(user, "now() - interval '91 days'");
		insert(user, "now() - interval '89 days'");

		assertThat(this.retention.run().block()).isPositive();

		assertThat(this.db.sql("SELECT count(*) FROM audit_events WHERE user_id = :user")
			.bind("user", user)
			.map((row) -> row.get(0, Long.class))
			.one()
			.block()).isEqualTo(1);
	}

	private void insert(UUID user, String occurredAt) {
		this.db
			.sql("INSERT INTO audit_events (occurred_at, event, user_id) VALUES (" + occurredAt + ", 'logout', :user)")
			.bind("user", user)
			.then()
			.block();
	}

}
