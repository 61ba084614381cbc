package dev.authflux.passkey;

import java.time.Instant;
import java.util.UUID;

import dev.authflux.audit.AuditEvent;
import dev.authflux.audit.AuditInsert;
import dev.authflux.audit.ClientInfo;
import dev.authflux.user.User;
import dev.authflux.user.UserRepository;
import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.R2dbcType;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Passkeys in PostgreSQL. Each change is one statement that also writes its audit event;
 * the counter of a login is stored only if it grew, in the same statement that checks it,
 * so two logins replaying one assertion cannot both pass.
 */
@Repository
class PasskeyRepository {

	private final DatabaseClient db;

	PasskeyRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Stores a verified passkey of the account, unless its credential is registered
	 * already or the account holds {@code max} passkeys. The account's row is locked, so
	 * that concurrent registrations count each other.
	 */
	Mono<Registration> insert(UUID userId, AuthenticatorResponses.NewPasskey passkey, String name, int max,
			ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.PASSKEY_REGISTERED, client)
			.user("user_id")
			.detail("id::text")
			.from("created");
		return this.db.sql("""
				WITH account AS (
				    SELECT id FROM users WHERE id = :userId FOR UPDATE
				), room AS (
				    SELECT id FROM account WHERE (SELECT count(*) FROM passkeys WHERE user_id = :userId) < :max
				), created AS (
				    INSERT INTO passkeys (user_id, credential_id, attested_credential_data, sign_count, uv_initialized,
				                          backup_eligible, backup_state, transports, name)
				    SELECT id, :credentialId, :data, :signCount, :uv, :be, :bs, :transports, :name FROM room
				    ON CONFLICT (credential_id) DO NOTHING
				    RETURNING id, user_id, name, created_at, last_used_at
				), %s
				SELECT EXISTS (SELECT FROM room) AS room, c.id, c.name, c.created_at, c.last_used_at
				FROM (SELECT 1) AS one LEFT JOIN created c ON true""".formatted(audit.cte()))
			.bind("userId", userId)
			.bind("max", max)
			.bind("credentialId", passkey.credentialId())
			.bind("data", passkey.attestedCredentialData())
			.bind("signCount", passkey.signCount())
			.bind("uv", passkey.userVerified())
			.bind("be", passkey.backupEligible())
			.bind("bs", passkey.backupState())
			.bind("transports", passkey.transports().toArray(String[]::new))
			.bind("name", name)
			.bindValues(audit.parameters())
			.map((row) -> new Registration(Boolean.TRUE.equals(row.get("room", Boolean.class)),
					(row.get("id", UUID.class) != null) ? view(row) : null))
			.one();
	}

	/** The account's passkeys, oldest first. */
	Flux<PasskeyView> findAllOf(UUID userId) {
		return this.db.sql(
				"SELECT id, name, created_at, last_used_at FROM passkeys WHERE user_id = :userId ORDER BY created_at, id")
			.bind("userId", userId)
			.map(PasskeyRepository::view)
			.all();
	}

	/** The credential ids of the account's passkeys, for a new one's exclusion list. */
	Flux<byte[]> credentialIdsOf(UUID userId) {
		return this.db.sql("SELECT credential_id FROM passkeys WHERE user_id = :userId ORDER BY created_at")
			.bind("userId", userId)
			.map((row) -> row.get("credential_id", byte[].class))
			.all();
	}

	/**
	 * Deletes one of the account's passkeys.
	 * @return whether it was the account's and existed
	 */
	Mono<Boolean> delete(UUID userId, UUID passkeyId, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.PASSKEY_DELETED, client)
			.user("user_id")
			.detail("id::text")
			.from("deleted");
		return this.db.sql("""
				WITH deleted AS (
				    DELETE FROM passkeys WHERE id = :id AND user_id = :userId RETURNING id, user_id
				), %s
				SELECT count(*) AS deleted FROM deleted""".formatted(audit.cte()))
			.bind("id", passkeyId)
			.bind("userId", userId)
			.bindValues(audit.parameters())
			.map((row) -> row.get("deleted", Long.class) == 1)
			.one();
	}

	/** The passkey with this credential id, with its account. */
	Mono<StoredPasskey> findByCredentialId(byte[] credentialId) {
		return this.db.sql("""
				SELECT p.id AS passkey_id, p.attested_credential_data, p.sign_count, p.uv_initialized,
				       p.backup_eligible, p.backup_state, %s
				FROM passkeys p JOIN users u ON u.id = p.user_id
				WHERE p.credential_id = :credentialId""".formatted(UserRepository.COLUMNS))
			.bind("credentialId", credentialId)
			.map((row) -> new StoredPasskey(row.get("passkey_id", UUID.class), UserRepository.toUser(row),
					row.get("attested_credential_data", byte[].class), row.get("sign_count", Long.class),
					Boolean.TRUE.equals(row.get("uv_initialized", Boolean.class)),
					Boolean.TRUE.equals(row.get("backup_eligible", Boolean.class)),
					Boolean.TRUE.equals(row.get("backup_state", Boolean.class))))
			.one();
	}

	/**
	 * Stores a login's counter and use, only if the counter is above the one stored now
	 * (or both are zero: authenticators that keep no counter, as synced passkeys do), and
	 * writes the {@code passkey_login} event.
	 * @return whether it was stored; otherwise a concurrent login used the counter first,
	 * or the passkey was deleted
	 */
	Mono<Boolean> recordUse(UUID passkeyId, long signCount, boolean userVerified, boolean backupState,
			ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.PASSKEY_LOGIN, client)
			.user("user_id")
			.detail("id::text")
			.from("used");
		return this.db.sql("""
				WITH used AS (
				    UPDATE passkeys SET sign_count = :signCount, last_used_at = now(), backup_state = :bs,
				                        uv_initialized = uv_initialized OR :uv
				    WHERE id = :id AND (sign_count < :signCount OR (sign_count = 0 AND :signCount = 0))
				    RETURNING id, user_id
				), %s
				SELECT count(*) AS used FROM used""".formatted(audit.cte()))
			.bind("id", passkeyId)
			.bind("signCount", signCount)
			.bind("bs", backupState)
			.bind("uv", userVerified)
			.bindValues(audit.parameters())
			.map((row) -> row.get("used", Long.class) == 1)
			.one();
	}

	/** Writes a refused login's {@code passkey_refused} event. */
	Mono<Void> auditRefusal(UUID userId, PasskeyRefusal reason, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.PASSKEY_REFUSED, client)
			.user("CAST(:userId AS uuid)")
			.detail(":detail");
		return this.db.sql("WITH %s SELECT 1".formatted(audit.cte()))
			.bind("userId", Parameters.in(R2dbcType.VARCHAR, (userId != null) ? userId.toString() : null))
			.bind("detail", reason.detail())
			.bindValues(audit.parameters())
			.then();
	}

	private static PasskeyView view(Readable row) {
		return new PasskeyView(row.get("id", UUID.class), row.get("name", String.class),
				row.get("created_at", Instant.class), row.get("last_used_at", Instant.class));
	}

	/**
	 * What a registration came to: whether the account had room for another passkey, and
	 * the stored passkey, or null if its credential is registered already.
	 */
	record Registration(boolean room, PasskeyView passkey) {
	}

}
