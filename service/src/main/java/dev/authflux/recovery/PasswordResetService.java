package dev.authflux.recovery;

import java.util.HexFormat;
import java.util.Locale;

import dev.authflux.audit.ClientInfo;
import dev.authflux.system.OpaqueValues;
import dev.authflux.throttle.ClientNetwork;
import dev.authflux.throttle.TooManyAttemptsException;
import dev.authflux.user.UserService;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Password reset by mail: a request mails a single-use token to an account's verified
 * address, and the token then sets a new password and ends every session of the account.
 * A request is answered alike whether or not any account has the address.
 */
@Service
public class PasswordResetService {

	private final PasswordResetRepository resets;

	private final ResetMails mails;

	private final UserService users;

	PasswordResetService(PasswordResetRepository resets, ResetMails mails, UserService users) {
		this.resets = resets;
		this.mails = mails;
		this.users = users;
	}

	/**
	 * Queues a reset mail if an account has verified {@code email}; completes alike if
	 * none has, or if the address has had its share of mails
	 * ({@link PasswordResetProperties#addressMaxRequests()}).
	 * {@link TooManyAttemptsException} when the client's network has made too many
	 * requests, whatever the address.
	 */
	public Mono<Void> request(String email, ClientInfo client) {
		return Mono
			.defer(() -> this.resets.request(email, ClientNetwork.of(client.ip()), addressKey(email),
					this.mails.issue("email"), client))
			.flatMap((outcome) -> {
				if (!outcome.networkAllowed()) {
					return this.resets.throttled("network", client)
						.then(Mono.error(new TooManyAttemptsException(outcome.retryAfterSeconds())));
				}
				return outcome.addressAllowed() ? Mono.empty() : this.resets.throttled("address", client);
			});
	}

	/**
	 * Sets the new password with a mailed token and ends every session of the account;
	 * {@link InvalidResetTokenException} for a token that is not good (any more), a
	 * validation failure on {@code new_password} for a password the policy refuses (the
	 * token is not spent then).
	 */
	public Mono<Void> confirm(String token, String newPassword, ClientInfo client) {
		return Mono.defer(() -> {
			byte[] tokenHash = OpaqueValues.sha256(token);
			return this.resets.findUser(tokenHash)
				.flatMap((userId) -> this.users.resetPassword(userId, newPassword, this.resets.spend(tokenHash, userId),
						client))
				.filter(Boolean::booleanValue)
				.switchIfEmpty(Mono.error(InvalidResetTokenException::new))
				.then();
		});
	}

	/**
	 * The counter key of an address: its SHA-256, so that addresses nobody registered are
	 * not kept in the clear. Addresses are ASCII, so lower case is the same here as in
	 * PostgreSQL.
	 */
	private static String addressKey(String email) {
		return "addr:" + HexFormat.of().formatHex(OpaqueValues.sha256(email.toLowerCase(Locale.ROOT)));
	}

}
