package dev.authflux.user;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import dev.authflux.audit.AuditEvent;
import dev.authflux.throttle.NetworkCounters;
import dev.authflux.throttle.NetworkRule;
import dev.authflux.throttle.TooManyAttemptsException;
import dev.authflux.user.LoginAttempts.Attempt;
import dev.authflux.audit.ClientInfo;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * A password checked under brute-force throttling, wherever it is asked for: the attempt
 * takes its place on the account's counters before the hash, is refused with
 * {@link TooManyAttemptsException} while its client or account is blocked, and waits
 * briefly while every place is taken by attempts still being hashed. An unknown name
 * costs one hash verification too and is counted like a known one, so neither timing nor
 * throttling reveals which names exist.
 */
@Component
class CredentialCheck {

	/**
	 * How soon an attempt without a place first asks again; each further wait doubles, up
	 * to {@link #LONGEST_POLL}, so that a crowd of waiters does not load the database.
	 */
	private static final Duration FIRST_POLL = Duration.ofMillis(20);

	private static final Duration LONGEST_POLL = Duration.ofMillis(250);

	private final LoginAttempts attempts;

	private final NetworkCounters networks;

	private final PasswordHasher hasher;

	private final DeviceTokens deviceTokens;

	private final PasswordProperties passwords;

	private final Clock clock;

	private final List<Duration> polls;

	CredentialCheck(LoginAttempts attempts, NetworkCounters networks, PasswordHasher hasher, DeviceTokens deviceTokens,
			PasswordProperties passwords, Clock clock) {
		this.attempts = attempts;
		this.networks = networks;
		this.hasher = hasher;
		this.deviceTokens = deviceTokens;
		this.passwords = passwords;
		this.clock = clock;
		this.polls = polls(passwords);
	}

	/**
	 * The account if {@code password} is its password, else
	 * {@link InvalidCredentialsException}; {@link AccountDisabledException} if it is the
	 * password of an account an operator disabled. At a {@link Checkpoint#LOGIN} the
	 * answer carries the client's device token: the one it sent if the account knows it,
	 * else a new one.
	 */
	Mono<Authenticated> check(String username, String password, String deviceToken, ClientInfo client,
			Checkpoint checkpoint) {
		return this.hasher.whenAdmitting(() -> admitted(username, DeviceTokens.key(deviceToken), client, checkpoint))
			.flatMap((attempt) -> conclude(attempt, verify(attempt, password), deviceToken, client, checkpoint));
	}

	/**
	 * A one-time code checked under the same throttling as a password, on the same
	 * account counters: a wrong code is a failed login of the account, a right one ends
	 * its run of failures as a right password does. {@code verifier} checks the code
	 * against the account (and spends it) only once the attempt is admitted.
	 * @return the account, with a device token at {@link Checkpoint#SECOND_FACTOR}; else
	 * {@link InvalidCredentialsException}
	 */
	Mono<Authenticated> checkCode(String username, String deviceToken, ClientInfo client, Checkpoint checkpoint,
			Function<User, Mono<Boolean>> verifier) {
		return admitted(username, DeviceTokens.key(deviceToken), client, checkpoint)
			.flatMap((attempt) -> conclude(attempt,
					(attempt.user() != null) ? verifier.apply(attempt.user()) : Mono.just(false), deviceToken, client,
					checkpoint));
	}

	/**
	 * Ends an admitted attempt as its proof came out: a failed login, a disabled account
	 * or a success. Its place is released on any error or cancellation.
	 */
	private Mono<Authenticated> conclude(Attempt attempt, Mono<Boolean> proof, String deviceToken, ClientInfo client,
			Checkpoint checkpoint) {
		return proof.flatMap((matched) -> !matched ? failed(attempt, client, checkpoint)
				// Only who holds the proof learns the state.
				: attempt.user().disabled() ? Mono.<Authenticated>error(new AccountDisabledException())
						: succeeded(attempt, deviceToken, checkpoint))
			.onErrorResume((ex) -> this.attempts.release(attempt)
				.onErrorResume((releaseFailed) -> Mono.empty())
				.then(Mono.error(ex)))
			.doOnCancel(() -> this.attempts.release(attempt).subscribe());
	}

	/** The attempt once it has its places, or 503 once {@link #polls} are spent. */
	private Mono<Attempt> admitted(String username, String deviceKey, ClientInfo client, Checkpoint checkpoint) {
		return Mono.defer(() -> this.attempts.begin(username, deviceKey, client, checkpoint))
			.flatMap((attempt) -> (attempt.blockedUntil() != null)
					? Mono.<Attempt>error(TooManyAttemptsException.until(attempt.blockedUntil(), this.clock))
					: attempt.admitted() ? Mono.just(attempt) : Mono.<Attempt>empty())
			.repeatWhenEmpty((tries) -> tries
				.concatMap((tried) -> (tried < this.polls.size()) ? Mono.delay(this.polls.get(tried.intValue()))
						: Mono.error(new PasswordHashingBusyException(this.passwords.retryAfterSeconds()))));
	}

	/**
	 * The waits of an attempt without a place, doubling, adding up to twice the hash
	 * pool's longest queue wait: by then the attempts holding the places have been hashed
	 * or refused.
	 */
	private static List<Duration> polls(PasswordProperties passwords) {
		List<Duration> polls = new ArrayList<>();
		Duration total = Duration.ZERO;
		Duration next = FIRST_POLL;
		while (total.compareTo(passwords.maxWait().multipliedBy(2)) < 0) {
			polls.add(next);
			total = total.plus(next);
			next = Collections.min(List.of(next.multipliedBy(2), LONGEST_POLL));
		}
		return List.copyOf(polls);
	}

	private Mono<Boolean> verify(Attempt attempt, String password) {
		return (attempt.user() != null) ? this.hasher.verify(attempt.user().passwordHash(), password)
				: this.hasher.verifyDecoy(password);
	}

	private Mono<Authenticated> succeeded(Attempt attempt, String presented, Checkpoint checkpoint) {
		if (attempt.user().secondFactor() && (checkpoint == Checkpoint.LOGIN || checkpoint == Checkpoint.COMPAT)) {
			// Half a login: the run of failures goes on until the second factor is
			// right, or a known password would let a thief guess codes without limit.
			return this.attempts.release(attempt)
				.then((checkpoint == Checkpoint.COMPAT) ? Mono.error(new SecondFactorRequiredException())
						: Mono.just(new Authenticated(attempt.user(), null)));
		}
		boolean handsOutDevice = checkpoint == Checkpoint.LOGIN || checkpoint == Checkpoint.SECOND_FACTOR;
		String deviceToken = !handsOutDevice ? null : attempt.byDevice() ? presented : this.deviceTokens.generate();
		return this.attempts.succeeded(attempt, DeviceTokens.key(deviceToken))
			.thenReturn(new Authenticated(attempt.user(), deviceToken));
	}

	private Mono<Authenticated> failed(Attempt attempt, ClientInfo client, Checkpoint checkpoint) {
		return this.attempts.failed(attempt)
			.then(this.networks.count(NetworkRule.LOGIN, client,
					checkpoint.isCode() ? AuditEvent.MFA_FAILED : AuditEvent.LOGIN_FAILED,
					(attempt.user() != null) ? attempt.user().id() : null, checkpoint.code()))
			.then(Mono.error(new InvalidCredentialsException()));
	}

}
