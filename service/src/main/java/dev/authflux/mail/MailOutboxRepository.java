package dev.authflux.mail;

import java.time.Duration;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The mail outbox in PostgreSQL: claiming due mails, and recording each attempt's end.
 */
@Repository
class MailOutboxRepository {

	private final DatabaseClient db;

	MailOutboxRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Up to {@code limit} due mails, each leased to the caller: the same statement moves
	 * their next attempt past the lease, and rows another instance is claiming at the
	 * same moment are skipped, so that no mail is sent by two instances.
	 */
	Flux<OutgoingMail> claim(int limit, Duration lease) {
		return this.db.sql("""
				UPDATE mail_outbox SET attempts = attempts + 1,
				       next_attempt_at = now() + :lease * interval '1 millisecond'
				WHERE id IN (
				    SELECT id FROM mail_outbox
				    WHERE sent_at IS NULL AND next_attempt_at <= now()
				    ORDER BY next_attempt_at
				    LIMIT :limit
				    FOR UPDATE SKIP LOCKED
				)
				RETURNING id, recipient, subject, body, attempts""")
			.bind("lease", lease.toMillis())
			.bind("limit", limit)
			.map((row) -> new OutgoingMail(row.get("id", Long.class), row.get("recipient", String.class),
					row.get("subject", String.class), row.get("body", String.class),
					row.get("attempts", Integer.class)))
			.all();
	}

	/** Marks the mail sent and erases its body, with the token in it. */
	Mono<Void> sent(long id) {
		return this.db.sql(
				"UPDATE mail_outbox SET sent_at = now(), body = NULL, last_error = NULL WHERE id = :id AND sent_at IS NULL")
			.bind("id", id)
			.then();
	}

	/** Leaves the mail for another attempt after {@code wait}. */
	Mono<Void> failed(long id, Duration wait, String error) {
		return this.db.sql("""
				UPDATE mail_outbox SET next_attempt_at = now() + :wait * interval '1 millisecond', last_error = :error
				WHERE id = :id AND sent_at IS NULL""")
			.bind("id", id)
			.bind("wait", wait.toMillis())
			.bind("error", error)
			.then();
	}

	/** Deletes sent mails older than {@code age}; the number deleted. */
	Mono<Long> deleteSentBefore(Duration age) {
		return this.db.sql("DELETE FROM mail_outbox WHERE sent_at < now() - :age * interval '1 second'")
			.bind("age", age.toSeconds())
			.fetch()
			.rowsUpdated();
	}

}
