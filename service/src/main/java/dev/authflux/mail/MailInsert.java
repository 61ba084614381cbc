package dev.authflux.mail;

import java.util.Map;

import io.r2dbc.spi.Parameter;
import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.R2dbcType;

/**
 * The one way a mail is queued: the {@code mailed} CTE a feature's statement embeds, so
 * that the mail is written to the outbox by the same statement as the change that causes
 * it, or not at all if the change does not happen. {@link MailDelivery} sends it later.
 *
 * <p>
 * The recipient is an SQL expression over the statement's {@code FROM} source; subject
 * and body are bound by {@link #parameters()} as {@code :mailSubject} and
 * {@code :mailBody}.
 */
public final class MailInsert {

	private final String recipient;

	private final String subject;

	private final String body;

	private final String source;

	private MailInsert(String recipient, String subject, String body, String source) {
		this.recipient = recipient;
		this.subject = subject;
		this.body = body;
		this.source = source;
	}

	/**
	 * A plain-text mail.
	 * @param recipient the address, as an SQL expression
	 */
	public static MailInsert of(String recipient, String subject, String body) {
		return new MailInsert(recipient, subject, body, null);
	}

	/**
	 * Writes one mail per row of {@code source}: what follows {@code FROM}, with a
	 * {@code WHERE} clause if needed.
	 */
	public MailInsert from(String source) {
		return new MailInsert(this.recipient, this.subject, this.body, source);
	}

	/** The CTE {@code mailed AS (INSERT INTO mail_outbox ...)}, to follow a comma. */
	public String cte() {
		return """
				mailed AS (
				    INSERT INTO mail_outbox (recipient, subject, body)
				    SELECT %s, :mailSubject, :mailBody%s
				)""".formatted(this.recipient, (this.source != null) ? " FROM " + this.source : "");
	}

	/** The parameters {@link #cte()} uses. */
	public Map<String, Parameter> parameters() {
		return Map.of("mailSubject", Parameters.in(R2dbcType.VARCHAR, this.subject), "mailBody",
				Parameters.in(R2dbcType.VARCHAR, this.body));
	}

	@Override
	public String toString() {
		return "MailInsert[subject=" + this.subject + "]";
	}

}
