package dev.authflux.mfa;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

import dev.authflux.audit.AuditEvent;
import dev.authflux.audit.AuditInsert;
import dev.authflux.audit.ClientInfo;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * {@code totp_credentials} and {@code recovery_codes}. Each use of a code is one
 * statement that compares and spends, so of concurrent uses of one code exactly one wins.
 */
@Repository
class TotpRepository {

	private final DatabaseClient db;

	TotpRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Stores a pending enrollment, replacing a pending one.
	 * @return whether it was stored: false if the account has a confirmed TOTP
	 */
	Mono<Boolean> savePending(UUID userId, byte[] encryptedSecret) {
		return this.db.sql("""
				INSERT INTO totp_credentials AS t (user_id, secret_encrypted) VALUES (:userId, :secret)
				ON CONFLICT (user_id) DO UPDATE SET secret_encrypted = excluded.secret_encrypted, created_at = now(),
				    last_used_step = NULL
				WHERE t.confirmed_at IS NULL
				RETURNING 1 AS saved""")
			.bind("userId", userId)
			.bind("secret", encryptedSecret)
			.map((row) -> true)
			.one()
			.defaultIfEmpty(false);
	}

	Mono<StoredTotp> find(UUID userId) {
		return this.db.sql(
				"SELECT secret_encrypted, confirmed_at IS NOT NULL AS confirmed FROM totp_credentials WHERE user_id = :userId")
			.bind("userId", userId)
			.map((row) -> new StoredTotp(row.get("secret_encrypted", byte[].class),
					Boolean.TRUE.equals(row.get("confirmed", Boolean.class))))
			.one();
	}

	/**
	 * Confirms the pending enrollment whose secret is {@code encryptedSecret} (not one
	 * that replaced it meanwhile), spends the confirming code's step, replaces the
	 * recovery codes and audits {@code mfa_enrolled}, in one statement.
	 */
	Mono<Boolean> confirm(UUID userId, byte[] encryptedSecret, long step, byte[][] recoveryCodeHashes,
			ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.MFA_ENROLLED, client).user("user_id").from("confirmed");
		return this.db.sql("""
				WITH confirmed AS (
				    UPDATE totp_credentials SET confirmed_at = now(), last_used_step = :step
				    WHERE user_id = :userId AND confirmed_at IS NULL AND secret_encrypted = :secret
				    RETURNING user_id
				), removed AS (
				    DELETE FROM recovery_codes WHERE user_id IN (SELECT user_id FROM confirmed)
				), added AS (
				    INSERT INTO recovery_codes (user_id, code_hash)
				    SELECT c.user_id, decode(h.hash, 'hex') FROM confirmed c, unnest(:hashes::text[]) AS h (hash)
				), %s
				SELECT count(*) AS confirmed FROM confirmed""".formatted(audit.cte()))
			.bind("userId", userId)
			.bind("secret", encryptedSecret)
			.bind("step", step)
			// As hex: the driver has no codec for an array of bytea.
			.bind("hashes", Arrays.stream(recoveryCodeHashes).map(HexFormat.of()::formatHex).toArray(String[]::new))
			.bindValues(audit.parameters())
			.map((row) -> row.get("confirmed", Long.class) == 1)
			.one();
	}

	/**
	 * Spends a time step of the account's confirmed TOTP: only a step later than the last
	 * one spent.
	 */
	Mono<Boolean> useStep(UUID userId, long step) {
		return this.db.sql("""
				UPDATE totp_credentials SET last_used_step = :step
				WHERE user_id = :userId AND confirmed_at IS NOT NULL
				  AND (last_used_step IS NULL OR last_used_step < :step)
				RETURNING 1 AS used""")
			.bind("userId", userId)
			.bind("step", step)
			.map((row) -> true)
			.one()
			.defaultIfEmpty(false);
	}

	/** Spends a recovery code of the account, audited; false if none or spent. */
	Mono<Boolean> useRecoveryCode(UUID userId, byte[] codeHash, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.RECOVERY_CODE_USED, client).user("user_id").from("used");
		return this.db
			.sql("""
					WITH used AS (
					    UPDATE recovery_codes SET used_at = now()
					    WHERE user_id = :userId AND code_hash = :hash AND used_at IS NULL
					      AND EXISTS (SELECT FROM totp_credentials t WHERE t.user_id = :userId AND t.confirmed_at IS NOT NULL)
					    RETURNING user_id
					), %s
					SELECT count(*) AS used FROM used"""
				.formatted(audit.cte()))
			.bind("userId", userId)
			.bind("hash", codeHash)
			.bindValues(audit.parameters())
			.map((row) -> row.get("used", Long.class) == 1)
			.one();
	}

	/**
	 * Removes the TOTP and the recovery codes, audited.
	 * @return whether there was a confirmed TOTP to remove
	 */
	Mono<Boolean> disable(UUID userId, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.MFA_DISABLED, client).user("user_id").from("removed");
		return this.db.sql("""
				WITH removed AS (
				    DELETE FROM totp_credentials WHERE user_id = :userId AND confirmed_at IS NOT NULL RETURNING user_id
				), codes AS (
				    DELETE FROM recovery_codes WHERE user_id IN (SELECT user_id FROM removed)
				), %s
				SELECT count(*) AS removed FROM removed""".formatted(audit.cte()))
			.bind("userId", userId)
			.bindValues(audit.parameters())
			.map((row) -> row.get("removed", Long.class) == 1)
			.one();
	}

	/**
	 * @param encryptedSecret the secret as {@link TotpSecrets} stored it
	 * @param confirmed whether the enrollment was confirmed
	 */
	record StoredTotp(byte[] encryptedSecret, boolean confirmed) {

		@Override
		public String toString() {
			return "StoredTotp[confirmed=" + this.confirmed + "]";
		}

	}

}
