package dev.authflux.user;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Function;

import dev.authflux.audit.AuditEvent;
import dev.authflux.throttle.NetworkCounters;
import dev.authflux.throttle.NetworkRule;
import dev.authflux.throttle.TooManyAttemptsException;
import dev.authflux.audit.ClientInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Registration, credential checks with brute-force throttling ({@link CredentialCheck}),
 * and the account's own changes. Password work goes to the {@link PasswordHasher}'s pool;
 * the repositories' statements carry their own preconditions and audit events.
 */
@Service
public class UserService {

	private static final Log logger = LogFactory.getLog(UserService.class);

	private final UserRepository users;

	private final CredentialCheck credentials;

	private final NetworkCounters networks;

	private final PasswordHasher hasher;

	private final PasswordPolicy policy;

	private final ApplicationEventPublisher events;

	private final VerificationMails verificationMails;

	private final Clock clock;

	UserService(UserRepository users, CredentialCheck credentials, NetworkCounters networks, PasswordHasher hasher,
			PasswordPolicy policy, ApplicationEventPublisher events, VerificationMails verificationMails, Clock clock) {
		this.users = users;
		this.credentials = credentials;
		this.networks = networks;
		this.hasher = hasher;
		this.policy = policy;
		this.events = events;
		this.verificationMails = verificationMails;
		this.clock = clock;
	}

	/**
	 * A new account; fails with {@link UsernameTakenException} if the name exists in any
	 * case, with a validation failure if the {@link PasswordPolicy} refuses the password.
	 * A network that keeps hitting taken names is probing for them, and is refused with
	 * {@link TooManyAttemptsException} for a while.
	 */
	public Mono<User> register(String username, String password, ClientInfo client) {
		return register(username, password, null, client);
	}

	/**
	 * As {@link #register(String, String, ClientInfo)}, with an email address (or
	 * {@code null}): stored unverified, and a verification mail to it queued by the
	 * statement that creates the account.
	 */
	public Mono<User> register(String username, String password, String email, ClientInfo client) {
		return this.networks.refusal(NetworkRule.REGISTRATION, client, AuditEvent.REGISTRATION_THROTTLED)
			.flatMap((until) -> until.isPresent()
					? Mono.<User>error(TooManyAttemptsException.until(until.get(), this.clock))
					: insert(username, password, email, client).switchIfEmpty(Mono.defer(() -> this.networks
						.count(NetworkRule.REGISTRATION, client, AuditEvent.USERNAME_TAKEN, null, null)
						.then(Mono.error(UsernameTakenException::new)))));
	}

	/**
	 * The account these credentials identify, or {@link InvalidCredentialsException};
	 * {@link AccountDisabledException} for the right password of a disabled account;
	 * throttled as {@link CredentialCheck} says.
	 */
	public Mono<Authenticated> authenticate(String username, String password, String deviceToken, ClientInfo client) {
		return this.credentials.check(username, password, deviceToken, client, Checkpoint.LOGIN)
			.doOnNext((authenticated) -> rehashIfOutdated(authenticated.user(), password));
	}

	/**
	 * The original service's semantics: the account of this name if the password is
	 * right, or a new account if the name is free. Throttled like {@link #authenticate}.
	 */
	public Mono<User> logInOrRegister(String username, String password, ClientInfo client) {
		Mono<User> logIn = this.credentials.check(username, password, null, client, Checkpoint.COMPAT)
			.map(Authenticated::user)
			.doOnNext((user) -> rehashIfOutdated(user, password));
		return this.users.exists(username)
			.flatMap((exists) -> exists ? logIn
					// A concurrent first use of the same name registers once; the loser
					// logs in.
					: insert(username, password, null, client).switchIfEmpty(logIn));
	}

	private Mono<User> insert(String username, String password, String email, ClientInfo client) {
		return Mono.fromRunnable(() -> this.policy.requireAcceptable("password", password, username))
			.then(this.hasher.hash(password))
			.flatMap((hash) -> this.users.insert(username, hash, email,
					(email != null) ? this.verificationMails.issue("email") : null, client));
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
	 * {@code currentPassword} is wrong (counted like a failed login: a stolen access
	 * token guesses no faster than a login), or if the password changed concurrently
	 * after it was checked.
	 */
	public Mono<Void> changePassword(UserProfile profile, UUID keptSessionId, String currentPassword,
			String newPassword, ClientInfo client) {
		return Mono.fromRunnable(() -> this.policy.requireAcceptable("new_password", newPassword, profile.username()))
			.then(confirm(profile, currentPassword, client, Checkpoint.PASSWORD_CHANGE))
			.flatMap((user) -> this.hasher.hash(newPassword)
				.flatMap((newHash) -> this.users.changePassword(user.id(), user.passwordChangedAt(), newHash,
						keptSessionId, client)))
			.flatMap(this::endedSessions);
	}

	/**
	 * Sets a new password for an account whose owner proved it otherwise than with the
	 * old one (a password reset), and revokes every session of the user. The new password
	 * must pass the {@link PasswordPolicy} (a validation failure on {@code new_password}
	 * otherwise, before {@code proof} is subscribed to); {@code proof} then runs in the
	 * transaction that changes the password, and the change is made only if it emits
	 * {@code true}.
	 * @return whether the password was changed
	 */
	public Mono<Boolean> resetPassword(UUID userId, String newPassword, Mono<Boolean> proof, ClientInfo client) {
		return this.users.findById(userId)
			.flatMap((user) -> Mono
				.fromRunnable(() -> this.policy.requireAcceptable("new_password", newPassword, user.username()))
				.then(this.hasher.hash(newPassword)))
			.flatMap((newHash) -> this.users.resetPassword(userId, newHash, proof, client))
			.map((change) -> {
				if (change.applied()) {
					this.events.publishEvent(new SessionsEndedEvent(change.endedSessions()));
				}
				return change.applied();
			})
			.defaultIfEmpty(false);
	}

	/**
	 * Deletes the account and, by cascade, all of its sessions; the name becomes free.
	 * The password is confirmed like {@link #changePassword}'s.
	 */
	public Mono<Void> delete(UserProfile profile, String password, ClientInfo client) {
		return confirm(profile, password, client, Checkpoint.ACCOUNT_DELETION)
			.flatMap((user) -> this.users.delete(user.id(), user.passwordChangedAt(), client))
			.flatMap(this::endedSessions);
	}

	/**
	 * The account as stored now if {@code password} is its password, checked and counted
	 * like {@link #changePassword}'s: the step before a TOTP enrollment.
	 */
	public Mono<User> confirmForEnrollment(UserProfile profile, String password, ClientInfo client) {
		return confirm(profile, password, client, Checkpoint.MFA_ENROLLMENT);
	}

	/**
	 * The second step of a login: {@code verifier} checks (and spends) a one-time code of
	 * the account, throttled and counted on the same counters as its passwords, so that a
	 * throttled account is refused codes as it is refused passwords.
	 * @return the account with the client's device token, or
	 * {@link InvalidCredentialsException} for a wrong code
	 */
	public Mono<Authenticated> checkSecondFactor(String username, String deviceToken, ClientInfo client,
			Function<User, Mono<Boolean>> verifier) {
		return this.credentials.checkCode(username, deviceToken, client, Checkpoint.SECOND_FACTOR, verifier);
	}

	/**
	 * A code that turns the second factor off, counted like a wrong password at a
	 * password change: a stolen access token guesses codes no faster than a login.
	 */
	public Mono<User> checkCodeToDisable(UserProfile profile, ClientInfo client,
			Function<User, Mono<Boolean>> verifier) {
		return this.credentials.checkCode(profile.username(), null, client, Checkpoint.MFA_DISABLE, verifier)
			.map(Authenticated::user)
			.filter((user) -> user.id().equals(profile.id()))
			.switchIfEmpty(Mono.error(InvalidCredentialsException::new));
	}

	/** The account as stored now, if {@code password} is its password. */
	private Mono<User> confirm(UserProfile profile, String password, ClientInfo client, Checkpoint checkpoint) {
		return this.credentials.check(profile.username(), password, null, client, checkpoint)
			.map(Authenticated::user)
			.filter((user) -> user.id().equals(profile.id()))
			.switchIfEmpty(Mono.error(InvalidCredentialsException::new));
	}

	private Mono<Void> endedSessions(UserRepository.AccountChange change) {
		if (!change.applied()) {
			return Mono.error(new InvalidCredentialsException());
		}
		this.events.publishEvent(new SessionsEndedEvent(change.endedSessions()));
		return Mono.empty();
	}

}
