package dev.authflux.user;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Accounts against the real database: its constraints back the API's rules. */
class UserServiceIntegrationTests extends ApplicationTest {

	/** Enough for a machine loaded by other work to make room for one more hash. */
	private static final int BUSY_RETRIES = 30;

	@Autowired
	private UserService users;

	@Autowired
	private UserRepository repository;

	@Autowired
	private DatabaseClient db;

	@Test
	void concurrentRegistrationsOfOneNameCreateExactlyOneUser() {
		TestUsers.Credentials credentials = TestUsers.unique("race");
		AtomicInteger created = new AtomicInteger();
		AtomicInteger taken = new AtomicInteger();
		Flux.range(0, 10)
			.flatMap((i) -> this.users
				.register(
						(i % 2 == 0) ? credentials.username()
								: credentials.username().toUpperCase(java.util.Locale.ROOT),
						credentials.password(), TestUsers.CLIENT)
				// Refused as busy, before any hash or insert: not a registration, and
				// what a client does with it is retry. Any other error still fails.
				.retryWhen(Retry.backoff(BUSY_RETRIES, Duration.ofMillis(100))
					.maxBackoff(Duration.ofSeconds(1))
					.filter(PasswordHashingBusyException.class::isInstance))
				.doOnNext((user) -> created.incrementAndGet())
				.onErrorResume(UsernameTakenException.class, (ex) -> {
					taken.incrementAndGet();
					return Mono.empty();
				}), 10)
			.then()
			.as(StepVerifier::create)
			.verifyComplete();
		assertThat(created).hasValue(1);
		assertThat(taken).hasValue(9);
	}

	@Test
	void storedHashIsArgon2idWithItsParameters() {
		TestUsers.Credentials credentials = TestUsers.unique("hash");
		User user = this.users.register(credentials.username(), credentials.password(), TestUsers.CLIENT).block();
		assertThat(user.passwordHash()).startsWith("$argon2id$v=19$m=7168,t=5,p=1$")
			.doesNotContain(credentials.password());
	}

	@Test
	void databaseRefusesUsernamesTheApiWouldRefuse() {
		StepVerifier
			.create(this.db.sql("INSERT INTO users (username, password_hash) VALUES ('no spaces!', 'x')").then())
			.expectError(DataIntegrityViolationException.class)
			.verify();
	}

	@Test
	void authenticateIgnoresCaseOfTheName() {
		TestUsers.Credentials credentials = TestUsers.unique("MixedCase");
		this.users.register(credentials.username(), credentials.password(), TestUsers.CLIENT).block();
		StepVerifier
			.create(this.users.authenticate(credentials.username().toLowerCase(java.util.Locale.ROOT),
					credentials.password(), null, TestUsers.CLIENT))
			.assertNext(
					(authenticated) -> assertThat(authenticated.user().username()).isEqualTo(credentials.username()))
			.verifyComplete();
		StepVerifier.create(this.users.authenticate(credentials.username(), "wrong password", null, TestUsers.CLIENT))
			.expectError(InvalidCredentialsException.class)
			.verify();
		StepVerifier
			.create(this.users.authenticate("nobody-" + credentials.username(), credentials.password(), null,
					TestUsers.CLIENT))
			.expectError(InvalidCredentialsException.class)
			.verify();
	}

	@Test
	void changePasswordChecksThePasswordStoredNowNotTheOneAtLogin() {
		TestUsers.Credentials credentials = TestUsers.unique("cas");
		UserProfile caller = this.users.register(credentials.username(), credentials.password(), TestUsers.CLIENT)
			.block()
			.profile();
		UUID session = UUID.randomUUID();
		this.users.changePassword(caller, session, credentials.password(), "first new password", TestUsers.CLIENT)
			.block();
		// The same caller again, as from the same session: only the new password counts
		// now.
		StepVerifier
			.create(this.users.changePassword(caller, session, credentials.password(), "second new password",
					TestUsers.CLIENT))
			.expectError(InvalidCredentialsException.class)
			.verify();
		StepVerifier
			.create(this.users.changePassword(caller, session, "first new password", "second new password",
					TestUsers.CLIENT))
			.verifyComplete();
	}

	@Test
	void changePasswordRefusesAPasswordThatChangedSinceItWasChecked() {
		TestUsers.Credentials credentials = TestUsers.unique("cas");
		User user = this.users.register(credentials.username(), credentials.password(), TestUsers.CLIENT).block();
		UUID session = UUID.randomUUID();
		assertThat(this.repository
			.changePassword(user.id(), user.passwordChangedAt(), "$argon2id$first", session, TestUsers.CLIENT)
			.block()).extracting(UserRepository.AccountChange::applied).isEqualTo(true);
		assertThat(this.repository
			.changePassword(user.id(), user.passwordChangedAt(), "$argon2id$second", session, TestUsers.CLIENT)
			.block()).extracting(UserRepository.AccountChange::applied).isEqualTo(false);
	}

	@Test
	void aRehashSinceThePasswordWasCheckedIsNoChangeOfPassword() {
		TestUsers.Credentials credentials = TestUsers.unique("rehashed");
		User user = this.users.register(credentials.username(), credentials.password(), TestUsers.CLIENT).block();
		// What a concurrent login does when it finds the hash outdated.
		assertThat(this.repository.rehash(user.id(), user.passwordHash(), "$argon2id$rehashed").block()).isTrue();

		assertThat(this.repository
			.changePassword(user.id(), user.passwordChangedAt(), "$argon2id$changed", UUID.randomUUID(),
					TestUsers.CLIENT)
			.block()).extracting(UserRepository.AccountChange::applied).isEqualTo(true);
	}

}
