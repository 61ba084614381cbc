package dev.authflux.session;

import java.time.Clock;
import java.time.Instant;

import dev.authflux.system.HousekeepingTask;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Deletes sessions that were revoked or expired longer than
 * {@link SessionProperties#retention()} ago; their refresh tokens go with them (the
 * foreign key cascades). Until then an ended session still shows in the database for an
 * operator's questions and its rotated tokens are still recognised as reuse.
 *
 * <p>
 * Deletes in batches, each one statement, so that a backlog (after a long outage, or on
 * the first run) never holds locks on many rows at once. Rows another instance is
 * deleting at the same moment are skipped, not waited for.
 */
@Component
class SessionRetention implements HousekeepingTask {

	static final int BATCH_SIZE = 1000;

	private final DatabaseClient db;

	private final SessionProperties properties;

	private final Clock clock;

	SessionRetention(DatabaseClient db, SessionProperties properties, Clock clock) {
		this.db = db;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public String name() {
		return "delete ended sessions past retention";
	}

	/**
	 * @return how many sessions were deleted (their refresh tokens not counted)
	 */
	@Override
	public Mono<Long> run() {
		Instant cutoff = this.clock.instant().minus(this.properties.retention());
		return deleteBatch(cutoff).expand((deleted) -> (deleted == BATCH_SIZE) ? deleteBatch(cutoff) : Mono.empty())
			.reduce(0L, Long::sum);
	}

	/**
	 * A scan of sessions that stops at the batch's last match. {@code expires_at} has no
	 * index on purpose: every refresh moves it, and an index on it would cost each
	 * refresh its heap-only (HOT) update, for a scan that runs once per housekeeping
	 * round.
	 */
	private Mono<Long> deleteBatch(Instant cutoff) {
		return this.db.sql("""
				DELETE FROM sessions WHERE id IN (
				    SELECT id FROM sessions
				    WHERE revoked_at < :cutoff OR expires_at < :cutoff
				    LIMIT :batch
				    FOR UPDATE SKIP LOCKED
				)""").bind("cutoff", cutoff).bind("batch", BATCH_SIZE).fetch().rowsUpdated();
	}

}
