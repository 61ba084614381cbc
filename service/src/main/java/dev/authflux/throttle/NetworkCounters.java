package dev.authflux.throttle;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.authflux.audit.AuditEvent;
import dev.authflux.audit.AuditInsert;
import dev.authflux.audit.ClientInfo;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/**
 * Failures per client network under a {@link NetworkRule}, in {@code login_failures},
 * each counted and audited in one statement so that concurrent failures on any instance
 * count exactly.
 */
@Repository
public class NetworkCounters {

	private final DatabaseClient db;

	private final ThrottleProperties rules;

	NetworkCounters(DatabaseClient db, ThrottleProperties rules) {
		this.db = db;
		this.rules = rules;
	}

	/**
	 * Until when the client's network is refused under the rule, if it is now; a refusal
	 * is recorded as {@code event} by the same statement.
	 */
	public Mono<Optional<Instant>> refusal(NetworkRule rule, ClientInfo client, AuditEvent event) {
		AuditInsert audit = AuditInsert.of(event, client).from("refused WHERE blocked_until IS NOT NULL");
		return this.db.sql("""
				WITH refused AS (
				    SELECT max(blocked_until) AS blocked_until FROM login_failures
				    WHERE scope = :scope AND key = :network AND client = '' AND blocked_until > now()
				), %s
				SELECT blocked_until FROM refused""".formatted(audit.cte()))
			.bind("scope", rule.scope())
			.bind("network", ClientNetwork.of(client.ip()))
			.bindValues(audit.parameters())
			.map((row) -> Optional.ofNullable(row.get("blocked_until", Instant.class)))
			.one();
	}

	/**
	 * Counts one failure of the client's network under the rule and records {@code event}
	 * with {@code detail}; the answer is until when the network is refused from now on,
	 * if this failure filled its window.
	 */
	public Mono<Optional<Instant>> count(NetworkRule rule, ClientInfo client, AuditEvent event, UUID userId,
			String detail) {
		String restarts = "f.window_start < now() - :window * interval '1 second'";
		AuditInsert audit = AuditInsert.of(event, client).user(":userId").detail(":detail");
		return this.db
			.sql("""
					WITH counted AS (
					    INSERT INTO login_failures AS f (scope, key, client, failures, window_start, last_failure, blocked_until)
					    VALUES (:scope, :network, '', 1, now(), now(),
					            CASE WHEN 1 >= :max THEN now() + :window * interval '1 second' END)
					    ON CONFLICT (scope, key, client) DO UPDATE SET
					        failures = CASE WHEN %1$s THEN 1 ELSE f.failures + 1 END,
					        window_start = CASE WHEN %1$s THEN now() ELSE f.window_start END,
					        last_failure = now(),
					        blocked_until = CASE
					            WHEN (CASE WHEN %1$s THEN 1 ELSE f.failures + 1 END) >= :max
					                THEN (CASE WHEN %1$s THEN now() ELSE f.window_start END) + :window * interval '1 second'
					        END
					    RETURNING blocked_until
					), %2$s
					SELECT blocked_until FROM counted"""
				.formatted(restarts, audit.cte()))
			.bind("scope", rule.scope())
			.bind("network", ClientNetwork.of(client.ip()))
			.bind("max", rule.max(this.rules))
			.bind("window", rule.window(this.rules).toSeconds())
			.bindValues(audit.parameters())
			.bind("userId", Parameter.fromOrEmpty(userId, UUID.class))
			.bind("detail", Parameter.fromOrEmpty(detail, String.class))
			.map((row) -> Optional.ofNullable(row.get("blocked_until", Instant.class)))
			.one();
	}

}
