package dev.authflux.recovery;

import java.util.UUID;

import dev.authflux.audit.AuditEvent;
import dev.authflux.audit.AuditInsert;
import dev.authflux.audit.ClientInfo;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Password reset tokens and the counters that throttle their requests, in PostgreSQL. A
 * request is one statement that counts it, and only when it is within its limits and the
 * address is an account's verified address, stores the token, queues its mail and audits
 * it: so the mail exists exactly when its token does, and the answer is the same for
 * every address.
 */
@Repository
class PasswordResetRepository {

	/**
	 * What makes a stored token good, over {@code password_resets t} joined to
	 * {@code users u}: unused, unexpired, for the account's verified address, and issued
	 * after the password last changed (so a reset, or a change, ends the tokens before
	 * it).
	 */
	private static final String VALID = """
			t.token_hash = :tokenHash AND u.id = t.user_id AND u.email = t.email
			AND u.email_verified_at IS NOT NULL AND t.used_at IS NULL AND t.expires_at > now()
			AND t.created_at >= u.password_changed_at""";

	private final DatabaseClient db;

	private final PasswordResetProperties limits;

	PasswordResetRepository(DatabaseClient db, PasswordResetProperties limits) {
		this.db = db;
		this.limits = limits;
	}

	/**
	 * Counts a request from {@code network} for the address {@code addressKey} stands
	 * for, and if both are within their limits and an account has verified {@code email}
	 * (in any letter case), stores the token and queues its mail to the account's
	 * address. The address is counted only for requests its network may make, so that a
	 * network already refused cannot use up another person's address.
	 */
	Mono<RequestOutcome> request(String email, String network, String addressKey, ResetMails.PendingReset reset,
			ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.PASSWORD_RESET_REQUESTED, client).user("user_id").from("reset");
		return this.db
			.sql("""
					WITH network AS (%s), address AS (%s), account AS (
					    SELECT u.id, u.email FROM users u
					    WHERE lower(u.email) = lower(:email) AND u.email_verified_at IS NOT NULL
					      AND (SELECT allowed FROM network) AND coalesce((SELECT allowed FROM address), false)
					), reset AS (
					    INSERT INTO password_resets (token_hash, user_id, email, expires_at)
					    SELECT :tokenHash, id, email, now() + :ttl * interval '1 second' FROM account
					    RETURNING user_id, email
					), %s, %s
					SELECT (SELECT allowed FROM network) AS network_allowed,
					       coalesce((SELECT allowed FROM address), true) AS address_allowed,
					       ceil(extract(epoch FROM (SELECT window_end FROM network) - now()))::bigint AS retry_after"""
				.formatted(counted(":network", "networkWindow", "networkMax", "true"),
						counted(":address", "addressWindow", "addressMax", "(SELECT allowed FROM network)"),
						reset.mail().from("reset").cte(), audit.cte()))
			.bind("network", network)
			.bind("networkWindow", this.limits.networkWindow().toSeconds())
			.bind("networkMax", this.limits.networkMaxRequests())
			.bind("address", addressKey)
			.bind("addressWindow", this.limits.addressWindow().toSeconds())
			.bind("addressMax", this.limits.addressMaxRequests())
			.bind("email", email)
			.bind("tokenHash", reset.tokenHash())
			.bind("ttl", reset.ttl().toSeconds())
			.bindValues(reset.mail().parameters())
			.bindValues(audit.parameters())
			.map((row) -> new RequestOutcome(Boolean.TRUE.equals(row.get("network_allowed", Boolean.class)),
					Boolean.TRUE.equals(row.get("address_allowed", Boolean.class)), row.get("retry_after", Long.class)))
			.one();
	}

	/**
	 * An upsert counting one request for {@code key} in a fixed window, if
	 * {@code condition} holds; it returns whether the request is within the limit, and
	 * when the window ends.
	 */
	private static String counted(String key, String window, String max, String condition) {
		String restarts = "r.window_start <= now() - :%s * interval '1 second'".formatted(window);
		return """
				    INSERT INTO password_reset_requests AS r (key, requests, window_start)
				    SELECT %1$s, 1, now() WHERE %2$s
				    ON CONFLICT (key) DO UPDATE SET
				        requests = CASE WHEN %3$s THEN 1 ELSE r.requests + 1 END,
				        window_start = CASE WHEN %3$s THEN now() ELSE r.window_start END
				    RETURNING r.requests <= :%4$s AS allowed,
				              r.window_start + :%5$s * interval '1 second' AS window_end
				""".formatted(key, condition, restarts, max, window);
	}

	/** Audits a refused request; {@code limit} is which limit refused it. */
	Mono<Void> throttled(String limit, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.PASSWORD_RESET_THROTTLED, client).detail(":limit");
		return this.db.sql("WITH %s SELECT 1".formatted(audit.cte()))
			.bind("limit", limit)
			.bindValues(audit.parameters())
			.then();
	}

	/** The account a good token is for, or empty. */
	Mono<UUID> findUser(byte[] tokenHash) {
		return this.db.sql("SELECT t.user_id FROM password_resets t, users u WHERE " + VALID)
			.bind("tokenHash", tokenHash)
			.map((row) -> row.get("user_id", UUID.class))
			.one();
	}

	/**
	 * Uses up the token if it is still good and for this account: of concurrent attempts
	 * with one token, the first to lock its row spends it, the others then find it used.
	 * @return whether this call spent it
	 */
	Mono<Boolean> spend(byte[] tokenHash, UUID userId) {
		return this.db.sql("""
				UPDATE password_resets t SET used_at = now() FROM users u
				WHERE t.user_id = :userId AND %s""".formatted(VALID))
			.bind("tokenHash", tokenHash)
			.bind("userId", userId)
			.fetch()
			.rowsUpdated()
			.map((updated) -> updated == 1);
	}

	/**
	 * Deletes tokens that expired more than a day ago, and counters whose window ended;
	 * the number of rows deleted.
	 */
	Mono<Long> deleteExpired() {
		return this.db.sql("""
				WITH tokens AS (
				    DELETE FROM password_resets WHERE expires_at < now() - interval '1 day' RETURNING 1
				), counters AS (
				    DELETE FROM password_reset_requests
				    WHERE window_start < now() - greatest(:networkWindow, :addressWindow) * interval '1 second'
				    RETURNING 1
				)
				SELECT (SELECT count(*) FROM tokens) + (SELECT count(*) FROM counters) AS deleted""")
			.bind("networkWindow", this.limits.networkWindow().toSeconds())
			.bind("addressWindow", this.limits.addressWindow().toSeconds())
			.map((row) -> row.get("deleted", Long.class))
			.one();
	}

	/**
	 * What counting a request found.
	 *
	 * @param networkAllowed whether its network was within its limit
	 * @param addressAllowed whether its address was within its limit (true if not
	 * counted)
	 * @param retryAfterSeconds when the network's window ends
	 */
	record RequestOutcome(boolean networkAllowed, boolean addressAllowed, long retryAfterSeconds) {
	}

}
