package dev.authflux.user;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.authflux.audit.AuditEvent;
import dev.authflux.audit.AuditInsert;
import dev.authflux.throttle.ClientNetwork;
import dev.authflux.throttle.ThrottleProperties;
import dev.authflux.audit.ClientInfo;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/**
 * The account counters of {@code login_failures} and the clients each account knows
 * ({@code known_clients}), under the rules of {@link ThrottleProperties}.
 *
 * <p>
 * An attempt takes a place before its password is hashed, in the same statement that
 * checks whether it is refused: a counter with {@code f} failures of a limit {@code n}
 * admits at most {@code n - f} attempts at once (at least one), so concurrent wrong
 * passwords can never be hashed more often than the limit allows. The place is given back
 * when the attempt succeeds, fails (then counted) or is abandoned.
 */
@Repository
class LoginAttempts {

	/**
	 * The failures a counter still remembers: none once it has been quiet long enough.
	 */
	private static final String LIVE_FAILURES = "(CASE WHEN f.last_failure < now() - :reset * interval '1 second'"
			+ " THEN 0 ELSE f.failures END)";

	/** The places a counter's attempts hold now, unless their hold has run out. */
	private static final String LIVE_PENDING = "(CASE WHEN f.pending_until > now() THEN f.pending ELSE 0 END)";

	/** The account's own counter for this client, and its counter of unknown clients. */
	private static final String COUNTERS = """
			((f.scope = 'account_client' AND f.key = lower(:username) AND f.client = :client)
			 OR (:shared AND f.scope = 'account' AND f.key = lower(:username) AND f.client = ''))""";

	private final DatabaseClient db;

	private final ThrottleProperties rules;

	LoginAttempts(DatabaseClient db, ThrottleProperties rules) {
		this.db = db;
		this.rules = rules;
	}

	/**
	 * Starts an attempt: the account of this name (if any), whether this client is one it
	 * knows, and whether the attempt is refused, admitted (its places taken) or must wait
	 * for a place — in one statement. A refusal is audited by the same statement.
	 */
	Mono<Attempt> begin(String username, String deviceKey, ClientInfo client, Checkpoint checkpoint) {
		String network = ClientNetwork.of(client.ip());
		String clientKey = "(CASE WHEN known.by_device THEN :device ELSE :network END)";
		String takePlace = """
				ON CONFLICT (scope, key, client) DO UPDATE SET
				    pending = %2$s + 1, pending_until = now() + :hold * interval '1 second'
				WHERE (f.blocked_until IS NULL OR f.blocked_until <= now())
				  AND %2$s < GREATEST(:%3$s - %1$s, 1)
				RETURNING 1""";
		AuditInsert audit = AuditInsert.of(AuditEvent.LOGIN_THROTTLED, client)
			.user("(SELECT id FROM account)")
			.detail(":checkpoint")
			.from("blocks WHERE blocks.blocked_until IS NOT NULL");
		return this.db
			.sql("""
					WITH account AS (
					    SELECT %1$s FROM users u WHERE lower(u.username) = lower(:username)
					), known AS (
					    SELECT coalesce(bool_or(k.client = :device), false) AS by_device, count(*) > 0 AS known
					    FROM known_clients k
					    WHERE k.user_id = (SELECT id FROM account)
					      AND k.last_login_at > now() - :knownTtl * interval '1 second'
					      AND (k.client = :device OR (:knownByNetwork AND k.client = :network))
					), blocks AS (
					    SELECT max(f.blocked_until) AS blocked_until
					    FROM login_failures f, known
					    WHERE f.blocked_until > now()
					      AND ((f.scope = 'account_client' AND f.key = lower(:username) AND f.client = %2$s)
					           OR (f.scope = 'account' AND f.key = lower(:username) AND f.client = '' AND NOT known.known)
					           OR (f.scope = 'network' AND f.key = :network AND f.client = '' AND NOT known.by_device))
					), own AS (
					    INSERT INTO login_failures AS f
					        (scope, key, client, failures, window_start, last_failure, pending, pending_until)
					    SELECT 'account_client', lower(:username), %2$s, 0, now(), now(), 1, now() + :hold * interval '1 second'
					    FROM known, blocks WHERE blocks.blocked_until IS NULL
					    %3$s
					), shared AS (
					    INSERT INTO login_failures AS f
					        (scope, key, client, failures, window_start, last_failure, pending, pending_until)
					    SELECT 'account', lower(:username), '', 0, now(), now(), 1, now() + :hold * interval '1 second'
					    FROM known WHERE NOT known.known AND EXISTS (SELECT FROM own)
					    %4$s
					), %5$s
					SELECT account.*, blocks.blocked_until, known.known, known.by_device, %2$s AS client,
					       EXISTS (SELECT FROM own) AS own_taken, EXISTS (SELECT FROM shared) AS shared_taken
					FROM known CROSS JOIN blocks LEFT JOIN account ON true"""
				.formatted(UserRepository.COLUMNS, clientKey,
						takePlace.formatted(LIVE_FAILURES, LIVE_PENDING, "ownMax"),
						takePlace.formatted(LIVE_FAILURES, LIVE_PENDING, "unknownMax"), audit.cte()))
			.bind("username", asParameter(username))
			.bind("device", Parameter.fromOrEmpty(deviceKey, String.class))
			.bind("network", network)
			.bind("checkpoint", checkpoint.code())
			.bind("knownTtl", this.rules.knownClientTtl().toSeconds())
			.bind("knownByNetwork", this.rules.knownByNetwork())
			.bind("hold", this.rules.pendingHold().toSeconds())
			.bind("reset", this.rules.accountResetAfter().toSeconds())
			.bind("ownMax", this.rules.accountMaxFailures())
			.bind("unknownMax", this.rules.unknownClientsMaxFailures())
			.bindValues(audit.parameters())
			.map((row) -> toAttempt(row, username, network))
			.one()
			.flatMap(
					(attempt) -> attempt.abandonedShared() ? release(attempt).thenReturn(attempt) : Mono.just(attempt));
	}

	/**
	 * Ends the attempt's run of failures on its own counter, gives back its places, and
	 * remembers its client (network and, if any, device token) as known to the account.
	 */
	Mono<Void> succeeded(Attempt attempt, String deviceKey) {
		if (!attempt.settle()) {
			return Mono.empty();
		}
		return counters(this.db.sql("""
				WITH freed AS (
				    UPDATE login_failures f SET pending = GREATEST(%1$s - 1, 0),
				        failures = CASE WHEN f.scope = 'account_client' THEN 0 ELSE f.failures END,
				        blocked_until = CASE WHEN f.scope = 'account_client' THEN NULL ELSE f.blocked_until END
				    WHERE %2$s
				), remembered AS (
				    INSERT INTO known_clients (user_id, client, last_login_at)
				    SELECT :userId, c.client, now() FROM (VALUES (:network), (:device)) AS c (client)
				    WHERE c.client IS NOT NULL AND (c.client = :device OR :knownByNetwork)
				    ON CONFLICT (user_id, client) DO UPDATE SET last_login_at = now()
				)
				DELETE FROM known_clients WHERE user_id = :userId AND client NOT IN (
				    SELECT client FROM known_clients WHERE user_id = :userId ORDER BY last_login_at DESC LIMIT :keep)"""
			.formatted(LIVE_PENDING, COUNTERS)), attempt).bind("userId", attempt.user().id())
			.bind("knownByNetwork", this.rules.knownByNetwork())
			.bind("network", attempt.network())
			.bind("device", Parameter.fromOrEmpty(deviceKey, String.class))
			.bind("keep", Math.max(0, this.rules.knownClientsPerAccount() - 2))
			.then();
	}

	/**
	 * Counts the attempt's failure on its counters, refusing for a while (doubling with
	 * each further failure) the one that reaches its limit, and gives back its places.
	 */
	Mono<Void> failed(Attempt attempt) {
		if (!attempt.settle()) {
			return Mono.empty();
		}
		String limit = "(CASE f.scope WHEN 'account_client' THEN :ownMax ELSE :unknownMax END)";
		return counters(this.db
			.sql("""
					UPDATE login_failures f SET pending = GREATEST(%1$s - 1, 0),
					    failures = %2$s + 1,
					    last_failure = now(),
					    blocked_until = CASE WHEN %2$s + 1 >= %3$s
					        THEN now() + LEAST(:baseDelay * power(2, LEAST(%2$s + 1 - %3$s, 20)), :maxDelay) * interval '1 second'
					        ELSE f.blocked_until END
					WHERE %4$s"""
				.formatted(LIVE_PENDING, LIVE_FAILURES, limit, COUNTERS)), attempt)
			.bind("reset", this.rules.accountResetAfter().toSeconds())
			.bind("ownMax", this.rules.accountMaxFailures())
			.bind("unknownMax", this.rules.unknownClientsMaxFailures())
			.bind("baseDelay", this.rules.accountBaseDelay().toSeconds())
			.bind("maxDelay", this.rules.accountMaxDelay().toSeconds())
			.then();
	}

	/** Gives back the places of an attempt that ends without an answer. */
	Mono<Void> release(Attempt attempt) {
		if (!attempt.settle()) {
			return Mono.empty();
		}
		return counters(this.db.sql(
				"UPDATE login_failures f SET pending = GREATEST(%s - 1, 0) WHERE %s".formatted(LIVE_PENDING, COUNTERS)),
				attempt)
			.then();
	}

	/**
	 * An operator's reset: forgets every failure counted against the account, from any
	 * client, ending its lockout, audited (the networks' counts stay).
	 * @return whether the account exists
	 */
	Mono<Boolean> clear(UUID userId, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.LOGIN_FAILURES_CLEARED, client).user("id").from("account");
		return this.db.sql("""
				WITH account AS (
				    SELECT id, username FROM users WHERE id = :userId
				), cleared AS (
				    DELETE FROM login_failures
				    WHERE scope IN ('account', 'account_client') AND key IN (SELECT lower(username) FROM account)
				), %s
				SELECT count(*) AS found FROM account""".formatted(audit.cte()))
			.bind("userId", userId)
			.bindValues(audit.parameters())
			.map((row) -> row.get("found", Long.class) == 1)
			.one();
	}

	/**
	 * Binds the parameters of {@link #COUNTERS}: the counters the attempt holds places
	 * on.
	 */
	private static GenericExecuteSpec counters(GenericExecuteSpec spec, Attempt attempt) {
		return spec.bind("username", asParameter(attempt.username()))
			.bind("client", attempt.client())
			.bind("shared", attempt.sharedTaken());
	}

	private static Attempt toAttempt(Readable row, String username, String network) {
		User user = (row.get("id") != null) ? UserRepository.toUser(row) : null;
		return new Attempt(username, user, row.get("client", String.class), network,
				row.get("blocked_until", Instant.class), Boolean.TRUE.equals(row.get("known", Boolean.class)),
				Boolean.TRUE.equals(row.get("by_device", Boolean.class)),
				Boolean.TRUE.equals(row.get("own_taken", Boolean.class)),
				Boolean.TRUE.equals(row.get("shared_taken", Boolean.class)));
	}

	/**
	 * The name as bound to SQL. PostgreSQL refuses NUL in a text parameter outright; no
	 * stored name can hold NUL or U+FFFD (the table's CHECK), so the replaced name still
	 * matches no account and is counted as the distinct name it was.
	 */
	private static String asParameter(String username) {
		return username.replace('\0', '\uFFFD');
	}

	/**
	 * One attempt at a password, from {@link #begin} until it is settled once.
	 *
	 * @param username the name as given
	 * @param user the account of the name, or {@code null} if there is none
	 * @param client the key of the client's own counter (its network, or its known
	 * device)
	 * @param network the client's network
	 * @param blockedUntil until when the attempt is refused, or {@code null}
	 * @param known whether the account knows the client
	 * @param byDevice whether it knows it by the device token presented
	 * @param ownTaken whether a place on the client's own counter was taken
	 * @param sharedTaken whether a place on the unknown clients' counter was taken
	 */
	record Attempt(String username, User user, String client, String network, Instant blockedUntil, boolean known,
			boolean byDevice, boolean ownTaken, boolean sharedTaken, AtomicBoolean settled) {

		Attempt(String username, User user, String client, String network, Instant blockedUntil, boolean known,
				boolean byDevice, boolean ownTaken, boolean sharedTaken) {
			this(username, user, client, network, blockedUntil, known, byDevice, ownTaken, sharedTaken,
					new AtomicBoolean(!ownTaken));
		}

		/** Whether the password may be checked now. */
		boolean admitted() {
			return this.ownTaken && (this.known || this.sharedTaken);
		}

		/** Took its own place but not the shared one, so must give the first back. */
		boolean abandonedShared() {
			return this.ownTaken && !admitted();
		}

		/** True once: for the one call that gives the places back. */
		boolean settle() {
			return this.settled.compareAndSet(false, true);
		}

	}

}
