package dev.authflux.recovery;

import java.util.List;
import java.util.UUID;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Housekeeping of password resets: tokens a day past their expiry and counters whose
 * window ended are deleted; live ones stay.
 */
class PasswordResetCleanupIntegrationTests extends ApplicationTest {

	@Autowired
	private PasswordResetCleanup cleanup;

	@Autowired
	private DatabaseClient db;

	@Test
	void runWhenTokensAndCountersAreOldThenOnlyThoseAreDeleted() {
		UUID userId = UUID.fromString((String) new AuthClient(this.http).register(TestUsers.unique("tidy")).get("id"));
		String prefix = "cleanup-" + UUID.randomUUID() + "-";
		insertToken(userId, prefix + "long expired", "now() - interval '2 days'");
		insertToken(userId, prefix + "just expired", "now() - interval '1 hour'");
		insertToken(userId, prefix + "live", "now() + interval '30 minutes'");
		insertCounter(prefix + "window ended", "now() - interval '2 hours'");
		insertCounter(prefix + "window running", "now() - interval '1 minute'");

		assertThat(this.cleanup.run().block()).isGreaterThanOrEqualTo(2L);

		assertThat(this.db.sql("SELECT email FROM password_resets WHERE user_id = :userId ORDER BY email")
			.bind("userId", userId)
			.map((row) -> row.get("email", String.class))
			.all()
			.collectList()
			.block()).isEqualTo(List.of(prefix + "just expired", prefix + "live"));
		assertThat(this.db.sql("SELECT key FROM password_reset_requests WHERE key LIKE :prefix")
			.bind("prefix", prefix + "%")
			.map((row) -> row.get("key", String.class))
			.all()
			.collectList()
			.block()).containsExactly(prefix + "window running");
	}

	/** A token row; {@code email} only names it here. */
	private void insertToken(UUID userId, String email, String expiresAt) {
		this.db
			.sql("""
					INSERT INTO password_resets (token_hash, user_id, email, created_at, expires_at)
					VALUES (sha256(convert_to(:email, 'UTF8')), :userId, :email, %1$s - interval '30 minutes', %1$s)"""
				.formatted(expiresAt))
			.bind("email", email)
			.bind("userId", userId)
			.then()
			.block();
	}

	private void insertCounter(String key, String windowStart) {
		this.db
			.sql("INSERT INTO password_reset_requests (key, requests, window_start) VALUES (:key, 1, %s)"
				.formatted(windowStart))
			.bind("key", key)
			.then()
			.block();
	}

}
