package dev.authflux.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.authflux.user.LoginAttempts.LoginCandidate;
import dev.authflux.web.ClientInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Registration, credential checks with brute-force throttling, and the account's own
 * changes. Password work goes to the {@link PasswordHasher}'s pool; the repositories'
 * statements carry their own preconditions and audit events.
 */
@Service
public class UserService {

	private static final Log logger = LogFactory.getLog(UserService.class);

	private final UserRepository users;

	private final LoginAttempts attempts;

	private final PasswordHasher hasher;

	private final PasswordPolicy policy;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	UserService(UserRepository users, LoginAttempts attempts, PasswordHasher hasher, PasswordPolicy policy,
			ApplicationEventPublisher events, Clock clock) {
		this.users = users;
		this.attempts = attempts;
		this.hasher = hasher;
		this.policy = policy;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * A new account; fails with {@link UsernameTakenException} if the name exists in any
	 * case, and with a validation failure if the {@link PasswordPolicy} refuses the
	 * password.
	 */
	public Mono<User> register(String username, String password, ClientInfo client) {
		return Mono.fromRunnable(() -> this.policy.requireAcceptable("password", password, username))
			.then(this.hasher.hash(password))
			.flatMap((hash) -> this.users.insert(username, hash, client))
			.switchIfEmpty(Mono.error(UsernameTakenException::new));
	}

	/**
	 * The account these credentials identify, or {@link InvalidCredentialsException}.
	 * Throttled attempts fail with {@link TooManyAttemptsException} before any hash is
	 * computed. An unknown name costs one hash verification too, and is throttled like a
	 * known one, so neither timing nor throttling reveals which names exist.
	 */
	public Mono<User> authenticate(String username, String password, ClientInfo client) {
		return this.hasher.whenAdmitting(() -> this.attempts.find(username, client)
			.flatMap((candidate) -> check(candidate, username, password, client)));
	}

	/**
	 * The original service's semantics: the account of this name if the password is
	 * right, or a new account if the name is free. Throttled like {@link #authenticate}.
	 */
	public Mono<User> logInOrRegister(String username, String password, ClientInfo client) {
		return this.hasher.whenAdmitting(() -> this.attempts.find(username, client).flatMap((candidate) -> {
			if (candidate.user() != null || candidate.blockedUntil() != null) {
				return check(candidate, username, password, client);
			}
			// A concurrent first use of the same name registers once; the loser logs in.
			return register(username, password, client).onErrorResume(UsernameTakenException.class,
					(ex) -> authenticate(username, password, client));
		}));
	}

	private Mono<User> check(LoginCandidate candidate, String username, String password, ClientInfo client) {
		if (candidate.blockedUntil() != null) {
			return Mono.error(new TooManyAttemptsException(secondsUntil(candidate.blockedUntil())));
		}
		User user = candidate.user();
		Mono<Boolean> verified = (user != null) ? this.hasher.verify(user.passwordHash(), password)
				: this.hasher.verifyDecoy(password);
		return verified.flatMap((matched) -> {
			if (!matched) {
				return this.attempts.recordFailure(username, (user != null) ? user.id() : null, client)
					.then(Mono.error(new InvalidCredentialsException()));
			}
			rehashIfOutdated(user, password);
			return candidate.hasFailures() ? this.attempts.clearAccount(username).thenReturn(user) : Mono.just(user);
		});
	}

	/**
	 * Replaces a hash made with other parameters than the configured ones, or from the
	 * unnormalized password ({@link PasswordHasher#needsRehash}), in the background: the
	 * login does not wait for it, and if the hash pool is busy it is simply tried again
	 * at the next login.
	 */
	private void rehashIfOutdated(User user, String password) {
		if (!this.hasher.needsRehash(user.passwordHash(), password)) {
			return;
		}
		this.hasher.hash(password)
			.flatMap((current) -> this.users.rehash(user.id(), user.passwordHash(), current))
			.subscribe((replaced) -> {
			}, (ex) -> logger.debug("Rehashing a password failed; trying again at the next login", ex));
	}

	/**
	 * Changes the password and revokes every session of the user except
	 * {@code keptSessionId}. Fails with {@link InvalidCredentialsException} if
	 * {@code currentPassword} is wrong, or if the password changed concurrently after it
	 * was checked.
	 */
	public Mono<Void> changePassword(UserProfile profile, UUID keptSessionId, String currentPassword,
			String newPassword, ClientInfo client) {
		return Mono.fromRunnable(() -> this.policy.requireAcceptable("new_password", newPassword, profile.username()))
			.then(current(profile))
			.flatMap((user) -> checkPassword(user, currentPassword))
			.flatMap((user) -> this.hasher.hash(newPassword)
				.flatMap((newHash) -> this.users.changePassword(user.id(), user.passwordChangedAt(), newHash,
						keptSessionId, client)))
			.flatMap(this::endedSessions);
	}

	/**
	 * Deletes the account and, by cascade, all of its sessions; the name becomes free.
	 */
	public Mono<Void> delete(UserProfile profile, String password, ClientInfo client) {
		return current(profile).flatMap((user) -> checkPassword(user, password))
			.flatMap((user) -> this.users.delete(user.id(), user.passwordChangedAt(), client))
			.flatMap(this::endedSessions);
	}

	/** The account as stored now, with the password a compare-and-set must expect. */
	private Mono<User> current(UserProfile profile) {
		return this.users.findById(profile.id()).switchIfEmpty(Mono.error(InvalidCredentialsException::new));
	}

	/**
	 * The password of an account whose caller is already authenticated by a session, as a
	 * confirmation: not counted by throttling (the session proves the caller), but never
	 * revealing more than right or wrong.
	 */
	private Mono<User> checkPassword(User user, String password) {
		return this.hasher.verify(user.passwordHash(), password)
			.flatMap((matched) -> matched ? Mono.just(user) : Mono.error(new InvalidCredentialsException()));
	}

	private Mono<Void> endedSessions(UserRepository.AccountChange change) {
		if (!change.applied()) {
			return Mono.error(new InvalidCredentialsException());
		}
		this.events.publishEvent(new SessionsEndedEvent(change.endedSessions()));
		return Mono.empty();
	}

	private long secondsUntil(Instant instant) {
		return (long) Math.ceil(Duration.between(this.clock.instant(), instant).toMillis() / 1000.0);
	}

}
