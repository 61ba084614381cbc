package dev.authflux.user;

import java.util.UUID;

import dev.authflux.audit.ClientInfo;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * What an operator does to an account: look it up, disable it (which ends its sessions)
 * and enable it again, and clear its failed logins. Each change is one audited
 * transaction; an unknown account is {@link AccountNotFoundException}.
 */
@Service
public class AccountAdministration {

	private final UserRepository users;

	private final LoginAttempts attempts;

	private final ApplicationEventPublisher events;

	AccountAdministration(UserRepository users, LoginAttempts attempts, ApplicationEventPublisher events) {
		this.users = users;
		this.attempts = attempts;
		this.events = events;
	}

	/**
	 * The account of this name in any letter case, or empty; {@code username} must be a
	 * name the {@link CredentialRules} allow.
	 */
	public Mono<User> findByUsername(String username) {
		return this.users.findByUsername(username);
	}

	public Mono<User> findById(UUID userId) {
		return this.users.findById(userId).switchIfEmpty(Mono.error(AccountAdministration::noSuchUser));
	}

	/**
	 * Disables the account and revokes all of its sessions; this instance forgets them
	 * before the call returns, every other one on the database's notification.
	 */
	public Mono<Void> disable(UUID userId, ClientInfo client) {
		return this.users.disable(userId, client).flatMap((change) -> {
			if (!change.applied()) {
				return Mono.error(noSuchUser());
			}
			this.events.publishEvent(new SessionsEndedEvent(change.endedSessions()));
			return Mono.empty();
		});
	}

	public Mono<Void> enable(UUID userId, ClientInfo client) {
		return this.users.enable(userId, client).flatMap(AccountAdministration::foundOrError);
	}

	/** Forgets the account's failed logins, so the right password logs in at once. */
	public Mono<Void> clearLoginFailures(UUID userId, ClientInfo client) {
		return this.attempts.clear(userId, client).flatMap(AccountAdministration::foundOrError);
	}

	private static Mono<Void> foundOrError(boolean found) {
		return found ? Mono.empty() : Mono.error(noSuchUser());
	}

	private static AccountNotFoundException noSuchUser() {
		return new AccountNotFoundException();
	}

}
