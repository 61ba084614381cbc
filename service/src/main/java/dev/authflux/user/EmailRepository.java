package dev.authflux.user;

import java.util.UUID;

import dev.authflux.audit.AuditEvent;
import dev.authflux.audit.AuditInsert;
import dev.authflux.audit.ClientInfo;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Email addresses of accounts and their verification tokens in PostgreSQL. Each change is
 * one statement that also writes its audit event and, where a mail is due, the mail (so
 * the mail is queued exactly when the change is made).
 */
@Repository
class EmailRepository {

	private final DatabaseClient db;

	EmailRepository(DatabaseClient db) {
		this.db = db;
	}

	/** The account's address, or {@link EmailStatus#NONE} if it has none or is gone. */
	Mono<EmailStatus> find(UUID userId) {
		return this.db.sql(
				"SELECT email, email_verified_at IS NOT NULL AS verified FROM users WHERE id = :userId AND email IS NOT NULL")
			.bind("userId", userId)
			.map((row) -> new EmailStatus(row.get("email", String.class),
					Boolean.TRUE.equals(row.get("verified", Boolean.class))))
			.one()
			.defaultIfEmpty(EmailStatus.NONE);
	}

	/**
	 * Sets the account's address, unverified, stores the token and queues its mail.
	 * @return whether the account exists
	 */
	Mono<Boolean> change(UUID userId, String email, VerificationMails.PendingVerification verification,
			ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.EMAIL_CHANGED, client).user("id").from("changed");
		return this.db
			.sql("""
					WITH changed AS (
					    UPDATE users SET email = :email, email_verified_at = NULL WHERE id = :userId
					    RETURNING id, email
					), verification AS (
					    INSERT INTO email_verifications (token_hash, user_id, email, expires_at)
					    SELECT :tokenHash, id, email, now() + :ttl * interval '1 second' FROM changed
					), %s, %s
					SELECT count(*) AS changed FROM changed""".formatted(verification.mail().from("changed").cte(),
					audit.cte()))
			.bind("userId", userId)
			.bind("email", email)
			.bind("tokenHash", verification.tokenHash())
			.bind("ttl", verification.ttl().toSeconds())
			.bindValues(audit.parameters())
			.bindValues(verification.mail().parameters())
			.map((row) -> row.get("changed", Long.class) == 1)
			.one();
	}

	/**
	 * Marks the address the token was mailed to verified, if the token is unused and
	 * unexpired, that address is still the account's, and no other account has verified
	 * it; the token is then used up. The token's row and the account's are locked first,
	 * so that a token presented twice at once verifies once.
	 */
	Mono<VerificationResult> verify(byte[] tokenHash, ClientInfo client) {
		AuditInsert audit = AuditInsert.of(AuditEvent.EMAIL_VERIFIED, client).user("id").from("verified");
		return this.db.sql("""
				WITH token AS (
				    SELECT v.token_hash, v.user_id, v.email
				    FROM email_verifications v JOIN users u ON u.id = v.user_id AND u.email = v.email
				    WHERE v.token_hash = :tokenHash AND v.used_at IS NULL AND v.expires_at > now()
				    FOR UPDATE OF v, u
				), taken AS (
				    SELECT FROM users o JOIN token t ON lower(o.email) = lower(t.email)
				    WHERE o.email_verified_at IS NOT NULL AND o.id <> t.user_id
				), used AS (
				    UPDATE email_verifications v SET used_at = now()
				    FROM token t WHERE v.token_hash = t.token_hash AND NOT EXISTS (SELECT FROM taken)
				    RETURNING v.user_id
				), verified AS (
				    UPDATE users u SET email_verified_at = now() FROM used WHERE u.id = used.user_id
				    RETURNING u.id
				), %s
				SELECT (SELECT count(*) FROM token) AS found, EXISTS (SELECT FROM taken) AS taken,
				       (SELECT user_id FROM token) AS user_id""".formatted(audit.cte()))
			.bind("tokenHash", tokenHash)
			.bindValues(audit.parameters())
			.map((row) -> {
				UUID userId = row.get("user_id", UUID.class);
				if (Boolean.TRUE.equals(row.get("taken", Boolean.class))) {
					return new VerificationResult(Verification.TAKEN, userId);
				}
				return new VerificationResult(
						(row.get("found", Long.class) == 1) ? Verification.VERIFIED : Verification.INVALID, userId);
			})
			.one()
			// Two accounts verifying one address at the same moment: the unique index
			// lets one win.
			.onErrorResume(DataIntegrityViolationException.class,
					(ex) -> Mono.just(new VerificationResult(Verification.TAKEN, null)));
	}

	/** Deletes tokens that expired more than a day ago; the number deleted. */
	Mono<Long> deleteExpired() {
		return this.db.sql("DELETE FROM email_verifications WHERE expires_at < now() - interval '1 day'")
			.fetch()
			.rowsUpdated();
	}

	/** What presenting a verification token did, and to which account if any. */
	record VerificationResult(Verification verification, UUID userId) {
	}

	/** What presenting a verification token did. */
	enum Verification {

		VERIFIED, INVALID, TAKEN

	}

}
