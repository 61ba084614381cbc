package dev.authflux.user;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.authflux.audit.AuditEvent;
import dev.authflux.audit.AuditInsert;
import dev.authflux.audit.ClientInfo;
import dev.authflux.mail.MailInsert;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Accounts in PostgreSQL. Every write is one statement that carries its own precondition,
 * so that concurrent requests cannot interleave between a check and a write, and writes
 * its own audit event.
 */
@Repository
public class UserRepository {

	/**
	 * The columns {@link #toUser} reads, for statements of other features that join
	 * users.
	 */
	public static final String COLUMNS = "u.id, u.username, u.password_hash, u.created_at, u.password_changed_at, u.disabled_at,"
			+ " EXISTS (SELECT FROM totp_credentials t WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL)"
			+ " AS second_factor";

	private final DatabaseClient db;

	private final TransactionalOperator transactions;

	public UserRepository(DatabaseClient db, ReactiveTransactionManager transactionManager) {
		this.db = db;
		this.transactions = TransactionalOperator.create(transactionManager);
	}

	/**
	 * The new user, or empty if the name is taken in any letter case (unique index on
	 * lower(username)). With an email address, the account has it unverified, and the
	 * same statement stores the verification token and queues its mail.
	 */
	Mono<User> insert(String username, String passwordHash, String email,
			VerificationMails.PendingVerification verification, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.REGISTERED, client).user("id").from("inserted");
		MailInsert mail = (verification != null) ? verification.mail().from("inserted") : null;
		String emailSteps = (mail == null) ? "" : """
				verification AS (
				    INSERT INTO email_verifications (token_hash, user_id, email, expires_at)
				    SELECT :tokenHash, id, email, now() + :ttl * interval '1 second' FROM inserted
				), %s,""".formatted(mail.cte());
		DatabaseClient.GenericExecuteSpec statement = this.db
			.sql("""
					WITH inserted AS (
					    INSERT INTO users AS u (username, password_hash, email) VALUES (:username, :hash, %s)
					    ON CONFLICT DO NOTHING
					    RETURNING %s, u.email
					), %s %s
					SELECT * FROM inserted""".formatted((mail != null) ? ":email" : "NULL", COLUMNS, emailSteps,
					audit.cte()))
			.bind("username", username)
			.bind("hash", passwordHash)
			.bindValues(audit.parameters());
		if (mail != null) {
			statement = statement.bind("email", email)
				.bind("tokenHash", verification.tokenHash())
				.bind("ttl", verification.ttl().toSeconds())
				.bindValues(mail.parameters());
		}
		return statement.map(UserRepository::toUser).one();
	}

	/** Whether an account of this name exists, in any letter case. */
	Mono<Boolean> exists(String username) {
		return this.db.sql("SELECT EXISTS (SELECT FROM users WHERE lower(username) = lower(:username)) AS taken")
			.bind("username", username.replace('\0', '\uFFFD'))
			.map((row) -> Boolean.TRUE.equals(row.get("taken", Boolean.class)))
			.one();
	}

	Mono<User> findById(UUID id) {
		return this.db.sql("SELECT %s FROM users u WHERE u.id = :id".formatted(COLUMNS))
			.bind("id", id)
			.map(UserRepository::toUser)
			.one();
	}

	/**
	 * Sets a new password hash if the password is still the one checked (set at
	 * {@code passwordChangedAt}; a rehash in between does not count as a change), and
	 * revokes every other session of the user.
	 *
	 * <p>
	 * A transaction of two statements, not one: the user's row is locked first, which
	 * waits for logins still creating a session with the old password (they share-lock
	 * the row), so that the revoking statement, whose snapshot is taken after the lock,
	 * sees their sessions too. Logins that come later wait, then find the password
	 * changed and create nothing.
	 */
	public Mono<AccountChange> changePassword(UUID userId, Instant passwordChangedAt, String newHash,
			UUID keptSessionId, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.PASSWORD_CHANGED, client)
			.user("id")
			.session(":keptSessionId")
			.from("changed");
		Mono<AccountChange> change = this.db.sql("SELECT password_changed_at FROM users WHERE id = :userId FOR UPDATE")
			.bind("userId", userId)
			.map((row) -> row.get("password_changed_at", Instant.class))
			.one()
			.filter(passwordChangedAt::equals)
			.flatMap((locked) -> replacePassword(userId, newHash, keptSessionId, "password_changed", audit))
			.defaultIfEmpty(AccountChange.NOT_APPLIED);
		return this.transactions.transactional(change);
	}

	/**
	 * Sets a new password hash chosen without the old password, if {@code proof} (run in
	 * the same transaction, after the account's row is locked) emits {@code true}, and
	 * revokes every session of the user. Locked first for the reason
	 * {@link #changePassword} gives.
	 */
	public Mono<AccountChange> resetPassword(UUID userId, String newHash, Mono<Boolean> proof, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.PASSWORD_RESET, client).user("id").from("changed");
		Mono<AccountChange> change = this.db.sql("SELECT id FROM users WHERE id = :userId FOR UPDATE")
			.bind("userId", userId)
			.map((row) -> row.get("id", UUID.class))
			.one()
			.flatMap((locked) -> proof)
			.filter(Boolean::booleanValue)
			.flatMap((proven) -> replacePassword(userId, newHash, null, "password_reset", audit))
			.defaultIfEmpty(AccountChange.NOT_APPLIED);
		return this.transactions.transactional(change);
	}

	/**
	 * Sets the new hash and revokes the user's sessions but {@code keptSessionId} (none
	 * when null), in one statement; the caller has locked the user's row.
	 */
	private Mono<AccountChange> replacePassword(UUID userId, String newHash, UUID keptSessionId, String revokeReason,
			AuditInsert audit) {
		DatabaseClient.GenericExecuteSpec statement = this.db
			.sql("""
					WITH changed AS (
					    UPDATE users SET password_hash = :newHash, password_changed_at = now()
					    WHERE id = :userId
					    RETURNING id
					), revoked AS (
					    UPDATE sessions SET revoked_at = now(), revoke_reason = :revokeReason
					    WHERE user_id IN (SELECT id FROM changed) AND id IS DISTINCT FROM :keptSessionId
					      AND revoked_at IS NULL
					    RETURNING id
					), %s
					SELECT (SELECT count(*) FROM changed) AS changed, ARRAY(SELECT id FROM revoked) AS ended"""
				.formatted(audit.cte()))
			.bind("userId", userId)
			.bind("newHash", newHash)
			.bind("revokeReason", revokeReason);
		statement = (keptSessionId != null) ? statement.bind("keptSessionId", keptSessionId)
				: statement.bindNull("keptSessionId", UUID.class);
		return statement.bindValues(audit.parameters()).map(AccountChange::of).one();
	}

	/**
	 * Deletes the user (and by cascade its sessions) if its password is still the one set
	 * at {@code passwordChangedAt}. The statement's snapshot still sees the sessions it
	 * deletes.
	 */
	public Mono<AccountChange> delete(UUID userId, Instant passwordChangedAt, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.ACCOUNT_DELETED, client).user("id").from("deleted");
		return this.db
			.sql("""
					WITH deleted AS (
					    DELETE FROM users WHERE id = :userId AND password_changed_at = :passwordChangedAt RETURNING id
					), %s
					SELECT (SELECT count(*) FROM deleted) AS changed,
					       ARRAY(SELECT id FROM sessions WHERE user_id IN (SELECT id FROM deleted)) AS ended"""
				.formatted(audit.cte()))
			.bind("userId", userId)
			.bind("passwordChangedAt", passwordChangedAt)
			.bindValues(audit.parameters())
			.map(AccountChange::of)
			.one();
	}

	/**
	 * Replaces a hash by one of the same password with stronger parameters, unless the
	 * password changed meanwhile.
	 */
	Mono<Boolean> rehash(UUID userId, String oldHash, String newHash) {
		return this.db.sql("UPDATE users SET password_hash = :newHash WHERE id = :userId AND password_hash = :oldHash")
			.bind("userId", userId)
			.bind("oldHash", oldHash)
			.bind("newHash", newHash)
			.fetch()
			.rowsUpdated()
			.map((updated) -> updated == 1);
	}

	/** The account of this name in any letter case, if there is one. */
	Mono<User> findByUsername(String username) {
		return this.db.sql("SELECT %s FROM users u WHERE lower(u.username) = lower(:username)".formatted(COLUMNS))
			.bind("username", username)
			.map(UserRepository::toUser)
			.one();
	}

	/**
	 * Marks the account disabled (kept from the first time if it already was) and revokes
	 * every session of the user, audited.
	 *
	 * <p>
	 * Two statements in a transaction, as in {@link #changePassword}: the update locks
	 * the user's row, which waits for logins still creating a session (they share-lock
	 * it), so that the revoking statement sees their sessions too; logins that come later
	 * find the account disabled and create nothing.
	 * @return applied if the account exists, with the sessions ended
	 */
	Mono<AccountChange> disable(UUID userId, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.ACCOUNT_DISABLED, client).user(":userId");
		Mono<AccountChange> change = this.db
			.sql("UPDATE users SET disabled_at = coalesce(disabled_at, now()) WHERE id = :userId RETURNING id")
			.bind("userId", userId)
			.map((row) -> row.get("id", UUID.class))
			.one()
			.flatMap((locked) -> this.db.sql("""
					WITH revoked AS (
					    UPDATE sessions SET revoked_at = now(), revoke_reason = 'account_disabled'
					    WHERE user_id = :userId AND revoked_at IS NULL
					    RETURNING id
					), %s
					SELECT 1::bigint AS changed, ARRAY(SELECT id FROM revoked) AS ended""".formatted(audit.cte()))
				.bind("userId", userId)
				.bindValues(audit.parameters())
				.map(AccountChange::of)
				.one())
			.defaultIfEmpty(AccountChange.NOT_APPLIED);
		return this.transactions.transactional(change);
	}

	/**
	 * Lets the account log in again, audited.
	 * @return whether the account exists
	 */
	Mono<Boolean> enable(UUID userId, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.ACCOUNT_ENABLED, client).user("id").from("enabled");
		return this.db.sql("""
				WITH enabled AS (
				    UPDATE users SET disabled_at = NULL WHERE id = :userId RETURNING id
				), %s
				SELECT count(*) AS enabled FROM enabled""".formatted(audit.cte()))
			.bind("userId", userId)
			.bindValues(audit.parameters())
			.map((row) -> row.get("enabled", Long.class) == 1)
			.one();
	}

	/** Maps a row holding {@link #COLUMNS}. */
	public static User toUser(Readable row) {
		return new User(row.get("id", UUID.class), row.get("username", String.class),
				row.get("password_hash", String.class), row.get("created_at", Instant.class),
				row.get("password_changed_at", Instant.class), row.get("disabled_at", Instant.class),
				Boolean.TRUE.equals(row.get("second_factor", Boolean.class)));
	}

	/**
	 * What a compare-and-set on the account did.
	 *
	 * @param applied whether the account still had the expected hash and was changed
	 * @param endedSessions the sessions the change ended
	 */
	public record AccountChange(boolean applied, List<UUID> endedSessions) {

		static final AccountChange NOT_APPLIED = new AccountChange(false, List.of());

		static AccountChange of(Readable row) {
			UUID[] ended = row.get("ended", UUID[].class);
			return new AccountChange(row.get("changed", Long.class) == 1, (ended != null) ? List.of(ended) : List.of());
		}

	}

}
