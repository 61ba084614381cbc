package dev.authflux.throttle;

import dev.authflux.system.HousekeepingTask;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Forgets counters that no longer refuse anything and would be reset by the next failure,
 * and clients whose last login is older than the configured time to be known.
 */
@Component
class StaleCounters implements HousekeepingTask {

	private final DatabaseClient db;

	private final ThrottleProperties rules;

	StaleCounters(DatabaseClient db, ThrottleProperties rules) {
		this.db = db;
		this.rules = rules;
	}

	@Override
	public String name() {
		return "forget old login failures and known clients";
	}

	@Override
	public Mono<Long> run() {
		return this.db.sql("""
				WITH counters AS (
				    DELETE FROM login_failures
				    WHERE (blocked_until IS NULL OR blocked_until < now())
				      AND (pending = 0 OR pending_until < now())
				      AND last_failure < now() - :longest * interval '1 second'
				    RETURNING 1
				), clients AS (
				    DELETE FROM known_clients WHERE last_login_at < now() - :knownTtl * interval '1 second'
				    RETURNING 1
				)
				SELECT (SELECT count(*) FROM counters) + (SELECT count(*) FROM clients) AS forgotten""")
			.bind("longest", longestMemory())
			.bind("knownTtl", this.rules.knownClientTtl().toSeconds())
			.map((row) -> row.get("forgotten", Long.class))
			.one();
	}

	/** The longest any rule needs to remember a failure, in seconds. */
	private long longestMemory() {
		long longest = this.rules.accountResetAfter().toSeconds();
		for (NetworkRule rule : NetworkRule.values()) {
			longest = Math.max(longest, rule.window(this.rules).toSeconds());
		}
		return longest;
	}

}
