package dev.authflux.user;

import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Registration, credential checks and the account's own changes. Password work goes to
 * the {@link PasswordHasher}'s pool; the repository's statements carry their own
 * preconditions.
 */
@Service
public class UserService {

	private final UserRepository users;

	private final PasswordHasher hasher;

	private final ApplicationEventPublisher events;

	public UserService(UserRepository users, PasswordHasher hasher, ApplicationEventPublisher events) {
		this.users = users;
		this.hasher = hasher;
		this.events = events;
	}

	/**
	 * A new account; fails with {@link UsernameTakenException} if the name exists in any
	 * case.
	 */
	public Mono<User> register(String username, String password) {
		return Mono
			.fromRunnable(() -> CredentialRules.requirePasswordDiffersFromUsername("password", password, username))
			.then(this.hasher.hash(password))
			.flatMap((hash) -> this.users.insert(username, hash))
			.switchIfEmpty(Mono.error(UsernameTakenException::new));
	}

	/**
	 * The account these credentials identify, or {@link InvalidCredentialsException}. An
	 * unknown name costs one hash verification too, so timing does not reveal which names
	 * exist.
	 */
	public Mono<User> authenticate(String username, String password) {
		return this.users.findByUsername(username)
			.flatMap((user) -> this.hasher.verify(user.passwordHash(), password)
				.flatMap((matched) -> matched ? Mono.just(user) : Mono.<User>empty()))
			.switchIfEmpty(Mono.defer(() -> this.hasher.verifyDecoy(password).then(Mono.empty())))
			.switchIfEmpty(Mono.error(InvalidCredentialsException::new));
	}

	/**
	 * Existing user looked up by name, if any; the compatibility endpoint registers on
	 * first use.
	 */
	public Mono<User> findByUsername(String username) {
		return this.users.findByUsername(username);
	}

	/**
	 * Checks a password against a known user's hash, without revealing more than a
	 * boolean.
	 */
	public Mono<User> checkPassword(User user, String password) {
		return this.hasher.verify(user.passwordHash(), password)
			.flatMap((matched) -> matched ? Mono.just(user) : Mono.error(new InvalidCredentialsException()));
	}

	/**
	 * Changes the password and revokes every session of the user except
	 * {@code keptSessionId}. Fails with {@link InvalidCredentialsException} if
	 * {@code currentPassword} is wrong, or if the password changed concurrently after it
	 * was checked.
	 */
	public Mono<Void> changePassword(UserProfile profile, UUID keptSessionId, String currentPassword,
			String newPassword) {
		return Mono
			.fromRunnable(() -> CredentialRules.requirePasswordDiffersFromUsername("new_password", newPassword,
					profile.username()))
			.then(current(profile))
			.flatMap((user) -> checkPassword(user, currentPassword))
			.flatMap((user) -> this.hasher.hash(newPassword)
				.flatMap(
						(newHash) -> this.users.changePassword(user.id(), user.passwordHash(), newHash, keptSessionId)))
			.flatMap(this::endedSessions);
	}

	/**
	 * Deletes the account and, by cascade, all of its sessions; the name becomes free.
	 */
	public Mono<Void> delete(UserProfile profile, String password) {
		return current(profile).flatMap((user) -> checkPassword(user, password))
			.flatMap((user) -> this.users.delete(user.id(), user.passwordHash()))
			.flatMap(this::endedSessions);
	}

	/** The account as stored now, with the hash a compare-and-set must expect. */
	private Mono<User> current(UserProfile profile) {
		return this.users.findById(profile.id()).switchIfEmpty(Mono.error(InvalidCredentialsException::new));
	}

	private Mono<Void> endedSessions(UserRepository.AccountChange change) {
		if (!change.applied()) {
			return Mono.error(new InvalidCredentialsException());
		}
		this.events.publishEvent(new SessionsEndedEvent(change.endedSessions()));
		return Mono.empty();
	}

}
