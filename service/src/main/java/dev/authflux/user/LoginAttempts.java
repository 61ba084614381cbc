package dev.authflux.user;

import java.time.Instant;
import java.util.UUID;

import dev.authflux.audit.AuditEvent;
import dev.authflux.system.HousekeepingTask;
import dev.authflux.web.ClientInfo;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/**
 * Failed logins per username and per client IP ({@code login_failures}), and the rules of
 * {@link ThrottleProperties}, each applied in one statement so that concurrent attempts,
 * on any instance, count exactly.
 */
@Repository
class LoginAttempts implements HousekeepingTask {

	/** Stands in for a client whose address is unknown, so it is still counted. */
	private static final String UNKNOWN_IP = "unknown";

	private final DatabaseClient db;

	private final ThrottleProperties rules;

	LoginAttempts(DatabaseClient db, ThrottleProperties rules) {
		this.db = db;
		this.rules = rules;
	}

	/**
	 * The account of this name, if any, and whether logins for it or from this IP are
	 * refused now — all in the one statement a login starts with. A refused attempt is
	 * recorded in the audit log by the same statement.
	 */
	Mono<LoginCandidate> find(String username, ClientInfo client) {
		return this.db
			.sql("""
					WITH state AS (
					    SELECT (SELECT max(blocked_until) FROM login_failures
					            WHERE ((scope = 'account' AND key = lower(:username)) OR (scope = 'ip' AND key = :ip))
					              AND blocked_until > now()) AS blocked_until,
					           EXISTS (SELECT FROM login_failures WHERE scope = 'account' AND key = lower(:username))
					               AS has_failures
					), audited AS (
					    INSERT INTO audit_events (event, user_id, ip, user_agent)
					    SELECT :event, (SELECT id FROM users WHERE lower(username) = lower(:username)), :ip, :userAgent
					    FROM state WHERE blocked_until IS NOT NULL
					)
					SELECT %s, state.blocked_until, state.has_failures
					FROM state LEFT JOIN users u ON lower(u.username) = lower(:username)"""
				.formatted(UserRepository.COLUMNS))
			.bind("username", asParameter(username))
			.bindValues(AuditEvent.LOGIN_THROTTLED.parameters(counted(client)))
			.map((row) -> new LoginCandidate((row.get("id") != null) ? UserRepository.toUser(row) : null,
					row.get("blocked_until", Instant.class),
					Boolean.TRUE.equals(row.get("has_failures", Boolean.class))))
			.one();
	}

	/**
	 * Counts a failed login for the username and for the IP, refusing either from now on
	 * if it has reached its limit, and records it in the audit log.
	 */
	Mono<Void> recordFailure(String username, UUID userId, ClientInfo client) {
		return this.db
			.sql("""
					WITH counted AS (
					    INSERT INTO login_failures AS f (scope, key, failures, window_start, last_failure, blocked_until)
					    VALUES ('account', lower(:username), 1, now(), now(), NULL), ('ip', :ip, 1, now(), now(), NULL)
					    ON CONFLICT (scope, key) DO UPDATE SET
					        failures = CASE WHEN %1$s THEN 1 ELSE f.failures + 1 END,
					        window_start = CASE WHEN %1$s THEN now() ELSE f.window_start END,
					        last_failure = now(),
					        blocked_until = CASE
					            WHEN f.scope = 'account' AND (CASE WHEN %1$s THEN 1 ELSE f.failures + 1 END) >= :accountMax
					                THEN now() + LEAST(:accountBase * power(2, (CASE WHEN %1$s THEN 1 ELSE f.failures + 1 END)
					                                   - :accountMax), :accountMaxDelay) * interval '1 second'
					            WHEN f.scope = 'ip' AND (CASE WHEN %1$s THEN 1 ELSE f.failures + 1 END) >= :ipMax
					                THEN (CASE WHEN %1$s THEN now() ELSE f.window_start END) + :ipWindow * interval '1 second'
					        END
					    RETURNING scope
					), audited AS (
					    INSERT INTO audit_events (event, user_id, ip, user_agent) VALUES (:event, :userId, :ip, :userAgent)
					)
					SELECT count(*) FROM counted"""
				.formatted("""
						(CASE f.scope WHEN 'account' THEN f.last_failure < now() - :accountReset * interval '1 second'
						              ELSE f.window_start < now() - :ipWindow * interval '1 second' END)"""))
			.bind("username", asParameter(username))
			.bindValues(AuditEvent.LOGIN_FAILED.parameters(counted(client)))
			.bind("userId", Parameter.fromOrEmpty(userId, UUID.class))
			.bind("accountMax", this.rules.accountMaxFailures())
			.bind("accountBase", this.rules.accountBaseDelay().toSeconds())
			.bind("accountMaxDelay", this.rules.accountMaxDelay().toSeconds())
			.bind("accountReset", this.rules.accountResetAfter().toSeconds())
			.bind("ipMax", this.rules.ipMaxFailures())
			.bind("ipWindow", this.rules.ipWindow().toSeconds())
			.then();
	}

	/** A success ends the username's run of failures (the IP's count stays). */
	Mono<Void> clearAccount(String username) {
		return this.db.sql("DELETE FROM login_failures WHERE scope = 'account' AND key = lower(:username)")
			.bind("username", asParameter(username))
			.then();
	}

	/**
	 * An operator's reset: forgets the account's failures, ending its lockout, audited
	 * (the client IPs' counts stay).
	 * @return whether the account exists
	 */
	Mono<Boolean> clearAccount(UUID userId, ClientInfo client) {
		return this.db.sql("""
				WITH account AS (
				    SELECT id, username FROM users WHERE id = :userId
				), cleared AS (
				    DELETE FROM login_failures
				    WHERE scope = 'account' AND key IN (SELECT lower(username) FROM account)
				), audited AS (
				    INSERT INTO audit_events (event, user_id, ip, user_agent)
				    SELECT :event, id, :ip, :userAgent FROM account
				)
				SELECT count(*) AS found FROM account""")
			.bind("userId", userId)
			.bindValues(AuditEvent.LOGIN_FAILURES_CLEARED.parameters(client))
			.map((row) -> row.get("found", Long.class) == 1)
			.one();
	}

	@Override
	public String name() {
		return "forget old login failures";
	}

	/**
	 * Forgets counts that no longer refuse anything and would be reset on the next
	 * failure.
	 */
	@Override
	public Mono<Long> run() {
		return this.db.sql("""
				DELETE FROM login_failures
				WHERE (blocked_until IS NULL OR blocked_until < now())
				  AND last_failure < now() - GREATEST(:accountReset, :ipWindow) * interval '1 second'""")
			.bind("accountReset", this.rules.accountResetAfter().toSeconds())
			.bind("ipWindow", this.rules.ipWindow().toSeconds())
			.fetch()
			.rowsUpdated();
	}

	/**
	 * The name as bound to SQL. PostgreSQL refuses NUL in a text parameter outright; no
	 * stored name can hold NUL or U+FFFD (the table's CHECK), so the replaced name still
	 * matches no account and is counted as the distinct name it was.
	 */
	private static String asParameter(String username) {
		return username.replace('\0', '\uFFFD');
	}

	/** The client as counted: one whose address is unknown is counted as "unknown". */
	private static ClientInfo counted(ClientInfo client) {
		return (client.ip() != null) ? client : new ClientInfo(UNKNOWN_IP, client.userAgent());
	}

	/**
	 * What a login attempt starts from.
	 *
	 * @param user the account of the name, or {@code null} if there is none
	 * @param blockedUntil until when attempts are refused, or {@code null} if they are
	 * not
	 * @param hasFailures whether the name has a run of failures a success must end
	 */
	record LoginCandidate(User user, Instant blockedUntil, boolean hasFailures) {
	}

}
