package dev.authflux.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.LockWaits;
import dev.authflux.support.TestDatabase;
import dev.authflux.support.TestUsers;
import dev.authflux.user.User;
import dev.authflux.user.UserRepository;
import dev.authflux.user.UserRepository.AccountChange;
import dev.authflux.user.UserService;
import dev.authflux.audit.ClientInfo;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A login that verified the old password racing a password change: no session opened with
 * the old password may outlive the change, whichever takes the user's row first. The test
 * holds that row by hand, in a JDBC transaction, at the moment that matters, and sees in
 * PostgreSQL that the other statement waits for it before letting go.
 */
class LoginRaceIntegrationTests extends ApplicationTest {

	private static final ClientInfo CLIENT = TestUsers.CLIENT;

	@Autowired
	private UserService users;

	@Autowired
	private UserRepository userRepository;

	@Autowired
	private SessionRepository sessions;

	@Test
	void passwordChangeWaitingForALoginStillEndsItsSession() throws Exception {
		User user = register();
		UUID kept = UUID.randomUUID();
		try (Connection login = TestDatabase.shared().connect()) {
			login.setAutoCommit(false);
			// What create() does, held open: the row is share-locked and the session
			// inserted.
			UUID loginSession = insertSessionLikeALogin(login, user);
			CompletableFuture<AccountChange> change = this.userRepository
				.changePassword(user.id(), user.passwordChangedAt(), "$argon2id$new", kept, TestUsers.CLIENT)
				.toFuture();
			assertThat(LockWaits.awaitStatementBlockedBy(login)).as("the change waits for the login")
				.contains("FOR UPDATE");
			assertThat(change).isNotDone();
			login.commit();
			AccountChange changed = change.get();
			assertThat(changed.applied()).isTrue();
			assertThat(changed.endedSessions()).contains(loginSession);
		}
	}

	@Test
	void loginWaitingForAPasswordChangeCreatesNoSession() throws Exception {
		User user = register();
		try (Connection change = TestDatabase.shared().connect()) {
			change.setAutoCommit(false);
			try (PreparedStatement lock = change.prepareStatement(
					"UPDATE users SET password_hash = '$argon2id$new', password_changed_at = now() WHERE id = ?")) {
				lock.setObject(1, user.id());
				lock.executeUpdate();
			}
			CompletableFuture<SessionRepository.SessionLease> login = this.sessions
				.create(user.id(), user.passwordChangedAt(), RefreshTokens.hash("token-" + UUID.randomUUID()),
						java.util.List.of("pwd"), CLIENT, Duration.ofDays(30), Duration.ofDays(90))
				.toFuture();
			assertThat(LockWaits.awaitStatementBlockedBy(change)).as("the login waits for the change")
				.contains("INSERT INTO sessions");
			assertThat(login).isNotDone();
			change.commit();
			assertThat(login.get()).as("no session with the old password").isNull();
		}
	}

	@Test
	void loginAfterARehashOfTheVerifiedHashGetsItsSession() throws Exception {
		User user = register();
		// Another login of the same account found the hash outdated and replaced it (same
		// password, other parameters) after this login read and verified the old one.
		try (Connection rehash = TestDatabase.shared().connect();
				PreparedStatement update = rehash
					.prepareStatement("UPDATE users SET password_hash = '$argon2id$rehashed' WHERE id = ?")) {
			update.setObject(1, user.id());
			assertThat(update.executeUpdate()).isEqualTo(1);
		}

		SessionRepository.SessionLease session = this.sessions
			.create(user.id(), user.passwordChangedAt(), RefreshTokens.hash("token-" + UUID.randomUUID()),
					java.util.List.of("pwd"), CLIENT, Duration.ofDays(30), Duration.ofDays(90))
			.block();

		assertThat(session).as("a session for the password it verified").isNotNull();
	}

	private User register() {
		TestUsers.Credentials credentials = TestUsers.unique("race");
		return this.users.register(credentials.username(), credentials.password(), TestUsers.CLIENT).block();
	}

	private static UUID insertSessionLikeALogin(Connection connection, User user) throws Exception {
		try (PreparedStatement insert = connection.prepareStatement("""
				WITH account AS (SELECT id FROM users WHERE id = ? FOR SHARE)
				INSERT INTO sessions (user_id, expires_at, max_expires_at)
				SELECT id, now() + interval '1 day', now() + interval '1 day' FROM account RETURNING id""")) {
			insert.setObject(1, user.id());
			try (ResultSet rows = insert.executeQuery()) {
				rows.next();
				return rows.getObject(1, UUID.class);
			}
		}
	}

}
