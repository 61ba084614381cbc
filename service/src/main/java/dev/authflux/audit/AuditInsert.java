package dev.authflux.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.r2dbc.spi.Parameter;
import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.R2dbcType;

/**
 * The one way an event is written to {@code audit_events}: the {@code audited} CTE a
 * feature's statement embeds, so that the event is written by the same statement as the
 * change it records, or by none if the change rolls back.
 *
 * <p>
 * The user, session and detail are SQL expressions over the statement's {@code FROM}
 * source (a column, a subquery, or a parameter the statement binds itself); the event and
 * the client are bound by {@link #parameters()} as {@code :event}, {@code :ip} and
 * {@code :userAgent}. Without a source, exactly one event is written.
 */
public final class AuditInsert {

	private final AuditEvent event;

	private final ClientInfo client;

	private final String user;

	private final String session;

	private final String detail;

	private final String source;

	private AuditInsert(AuditEvent event, ClientInfo client, String user, String session, String detail,
			String source) {
		this.event = event;
		this.client = client;
		this.user = user;
		this.session = session;
		this.detail = detail;
		this.source = source;
	}

	/** The event, by this client, with no user, session or detail, written once. */
	public static AuditInsert of(AuditEvent event, ClientInfo client) {
		return new AuditInsert(event, client, null, null, null, null);
	}

	/** The user the event is about, as an SQL expression. */
	public AuditInsert user(String expression) {
		return new AuditInsert(this.event, this.client, expression, this.session, this.detail, this.source);
	}

	/** The session the event is about, as an SQL expression. */
	public AuditInsert session(String expression) {
		return new AuditInsert(this.event, this.client, this.user, expression, this.detail, this.source);
	}

	/** What else the event records, as an SQL expression. */
	public AuditInsert detail(String expression) {
		return new AuditInsert(this.event, this.client, this.user, this.session, expression, this.source);
	}

	/**
	 * Writes one event per row of {@code source}: what follows {@code FROM}, such as a
	 * CTE's name, with a {@code WHERE} clause if needed.
	 */
	public AuditInsert from(String source) {
		return new AuditInsert(this.event, this.client, this.user, this.session, this.detail, source);
	}

	/**
	 * The CTE {@code audited AS (INSERT INTO audit_events ... SELECT ...)}, to follow a
	 * comma in the statement's {@code WITH} list.
	 */
	public String cte() {
		List<String> columns = new ArrayList<>(List.of("event"));
		List<String> values = new ArrayList<>(List.of(":event"));
		add(columns, values, "user_id", this.user);
		add(columns, values, "session_id", this.session);
		columns.addAll(List.of("ip", "user_agent"));
		values.addAll(List.of(":ip", ":userAgent"));
		add(columns, values, "detail", this.detail);
		return """
				audited AS (
				    INSERT INTO audit_events (%s)
				    SELECT %s%s
				)""".formatted(String.join(", ", columns), String.join(", ", values),
				(this.source != null) ? " FROM " + this.source : "");
	}

	/**
	 * The parameters {@link #cte()} uses: {@code :event}, {@code :ip},
	 * {@code :userAgent}.
	 */
	public Map<String, Parameter> parameters() {
		return Map.of("event", Parameters.in(R2dbcType.VARCHAR, this.event.code()), "ip",
				Parameters.in(R2dbcType.VARCHAR, this.client.ip()), "userAgent",
				Parameters.in(R2dbcType.VARCHAR, this.client.userAgent()));
	}

	private static void add(List<String> columns, List<String> values, String column, String expression) {
		if (expression != null) {
			columns.add(column);
			values.add(expression);
		}
	}

}
