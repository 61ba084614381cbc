package dev.authflux.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A fingerprint of the tables that hold the service's state, to show that a request wrote
 * nothing: per table the row count and the newest row version ({@code xmin}, the
 * transaction that wrote the row), so any insert or delete changes the count and any
 * update the version. Tables for throttling or auditing are left out on purpose: a
 * refused login may well be recorded there.
 */
public final class DatabaseState implements AutoCloseable {

	static final List<String> TABLES = List.of("users", "sessions", "refresh_tokens", "signing_keys", "oauth_clients",
			"email_verifications", "password_resets", "password_reset_requests", "totp_credentials", "recovery_codes",
			"mfa_challenges");

	private static final String QUERY = TABLES.stream()
		.map((table) -> "SELECT '%s', count(*), coalesce(max(xmin::text::bigint), 0) FROM %s".formatted(table, table))
		.collect(Collectors.joining(" UNION ALL "));

	private final Connection connection;

	private DatabaseState(Connection connection) {
		this.connection = connection;
	}

	/** Keeps one connection open: fingerprints are taken around every request. */
	public static DatabaseState open() {
		try {
			return new DatabaseState(TestDatabase.shared().connect());
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not connect to the test database", ex);
		}
	}

	/** For example {@code users=12@5678 sessions=30@5690 ...} (rows@newest version). */
	public String fingerprint() {
		StringBuilder fingerprint = new StringBuilder();
		try (Statement statement = this.connection.createStatement(); ResultSet rows = statement.executeQuery(QUERY)) {
			while (rows.next()) {
				fingerprint.append(rows.getString(1))
					.append('=')
					.append(rows.getLong(2))
					.append('@')
					.append(rows.getLong(3))
					.append(' ');
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the state tables", ex);
		}
		return fingerprint.toString().trim();
	}

	@Override
	public void close() throws SQLException {
		this.connection.close();
	}

}
