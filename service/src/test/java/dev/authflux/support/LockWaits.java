package dev.authflux.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

import static org.awaitility.Awaitility.await;

/**
 * Proof, from PostgreSQL itself, that a statement reached the server and waits for a lock
 * that a test holds by hand. A test that only checks that the statement has not finished
 * yet would pass just as well if it had never been sent.
 */
public final class LockWaits {

	private static final String BLOCKED_QUERY = """
			SELECT activity.query FROM pg_stat_activity activity
			WHERE activity.wait_event_type = 'Lock'
			  AND ? = ANY (pg_blocking_pids(activity.pid))
			  AND EXISTS (SELECT 1 FROM pg_locks lock WHERE lock.pid = activity.pid AND NOT lock.granted)
			LIMIT 1""";

	private LockWaits() {
	}

	/**
	 * Waits until another backend waits for a lock that {@code holder} holds, and returns
	 * that backend's statement.
	 */
	public static String awaitStatementBlockedBy(Connection holder) throws SQLException {
		int holderPid = backendPid(holder);
		// Its own connection: pg_stat_activity is read once per transaction, and the
		// holder's transaction is the one keeping the lock.
		try (Connection observer = TestDatabase.shared().connect()) {
			return await("a statement waiting for a lock of backend " + holderPid).atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> blockedQuery(observer, holderPid), Optional::isPresent)
				.orElseThrow();
		}
	}

	private static int backendPid(Connection connection) throws SQLException {
		try (PreparedStatement select = connection.prepareStatement("SELECT pg_backend_pid()");
				ResultSet rows = select.executeQuery()) {
			rows.next();
			return rows.getInt(1);
		}
	}

	private static Optional<String> blockedQuery(Connection observer, int holderPid) throws SQLException {
		try (PreparedStatement select = observer.prepareStatement(BLOCKED_QUERY)) {
			select.setInt(1, holderPid);
			try (ResultSet rows = select.executeQuery()) {
				return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
			}
		}
	}

}
