package dev.authflux.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real PostgreSQL every integration and e2e test runs against, one per test JVM.
 *
 * <p>
 * Where {@code AUTHFLUX_TEST_DB_HOST} is set ({@code make test} sets it when no Docker
 * engine answers, after starting the project's local cluster), a throwaway database is
 * created in that server for this JVM and dropped when it exits. Otherwise, where a
 * Docker engine answers, Testcontainers starts PostgreSQL 15. With neither, tests fail
 * with a message saying how to provide one; they are never skipped.
 */
public final class TestDatabase {

	private static final String DATABASE_PREFIX = "authflux_test_";

	private static final Duration LEFTOVER_AGE = Duration.ofMinutes(5);

	private static TestDatabase shared;

	private final String host;

	private final int port;

	private final String database;

	private final String user;

	private final String password;

	private TestDatabase(String host, int port, String database, String user, String password) {
		this.host = host;
		this.port = port;
		this.database = database;
		this.user = user;
		this.password = password;
	}

	public static synchronized TestDatabase shared() {
		if (shared == null) {
			shared = start();
		}
		return shared;
	}

	private static TestDatabase start() {
		String host = System.getenv("AUTHFLUX_TEST_DB_HOST");
		if (host != null && !host.isBlank()) {
			return createThrowawayDatabase(host, Integer.parseInt(env("AUTHFLUX_TEST_DB_PORT", "5432")),
					env("AUTHFLUX_TEST_DB_USER", "authflux"), env("AUTHFLUX_TEST_DB_PASSWORD", ""));
		}
		if (DockerClientFactory.instance().isDockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
			container.start();
			return new TestDatabase(container.getHost(), container.getMappedPort(5432), container.getDatabaseName(),
					container.getUsername(), container.getPassword());
		}
		throw new IllegalStateException("No PostgreSQL for the tests: run them with `make test` (it starts a local "
				+ "PostgreSQL when no Docker engine answers), start Docker, or set AUTHFLUX_TEST_DB_HOST, "
				+ "AUTHFLUX_TEST_DB_PORT, AUTHFLUX_TEST_DB_USER and AUTHFLUX_TEST_DB_PASSWORD to a server "
				+ "where that role may create databases.");
	}

	/**
	 * A database of its own, so runs never depend on, or disturb, what another run left
	 * behind. It is not dropped when this JVM exits: a forced drop at that moment waits
	 * on the application's own closing connections and stalled the exit by 30 s. Instead
	 * each run drops the databases that earlier runs left, once nobody is connected to
	 * them.
	 */
	private static TestDatabase createThrowawayDatabase(String host, int port, String user, String password) {
		String database = DATABASE_PREFIX + Instant.now().getEpochSecond() + "_"
				+ UUID.randomUUID().toString().substring(0, 8);
		TestDatabase test = new TestDatabase(host, port, database, user, password);
		test.dropLeftovers();
		test.execute("postgres", "CREATE DATABASE " + database);
		return test;
	}

	/**
	 * Drops test databases created over {@link #LEFTOVER_AGE} ago that have no
	 * connection: a run still in progress (alongside this one) always holds its
	 * connection pool open.
	 */
	private void dropLeftovers() {
		List<String> leftovers = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), this.user, this.password);
				Statement statement = connection.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT datname FROM pg_database d WHERE datname LIKE '" + DATABASE_PREFIX
							+ "%' AND NOT EXISTS (SELECT FROM pg_stat_activity a WHERE a.datname = d.datname)")) {
			while (rows.next()) {
				leftovers.add(rows.getString(1));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not list old test databases on " + this.host + ":" + this.port, ex);
		}
		long cutoff = Instant.now().minus(LEFTOVER_AGE).getEpochSecond();
		for (String leftover : leftovers) {
			String[] parts = leftover.substring(DATABASE_PREFIX.length()).split("_");
			// Names from before the creation time was part of them (no second part) are
			// old too.
			boolean old = parts.length != 2 || !parts[0].matches("\\d+") || Long.parseLong(parts[0]) < cutoff;
			if (old) {
				try {
					execute("postgres", "DROP DATABASE IF EXISTS " + leftover);
				}
				catch (IllegalStateException ex) {
					// Someone connected to it meanwhile: leave it for a later run.
				}
			}
		}
	}

	private void execute(String onDatabase, String sql) {
		try (Connection connection = DriverManager.getConnection(jdbcUrl(onDatabase), this.user, this.password);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run '" + sql + "' on " + this.host + ":" + this.port, ex);
		}
	}

	/**
	 * A plain JDBC connection to the test database, for tests that hold locks by hand.
	 */
	public Connection connect() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(this.database), this.user, this.password);
	}

	private String jdbcUrl(String onDatabase) {
		return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + onDatabase;
	}

	/** Points the application's connection settings at this database. */
	public void registerProperties(DynamicPropertyRegistry registry) {
		properties().forEach((name, value) -> registry.add(name, () -> value));
	}

	/** The application's connection settings for this database. */
	public Map<String, Object> properties() {
		return Map.of("AUTHFLUX_DB_HOST", this.host, "AUTHFLUX_DB_PORT", this.port, "AUTHFLUX_DB_NAME", this.database,
				"AUTHFLUX_DB_USER", this.user, "AUTHFLUX_DB_PASSWORD", this.password);
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
