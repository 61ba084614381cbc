package dev.authflux.passkey;

import java.util.Arrays;
import java.util.UUID;

import com.webauthn4j.data.AuthenticationData;
import dev.authflux.audit.ClientInfo;
import dev.authflux.user.User;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The check of a passkey's assertion (WebAuthn Level 2 §7.2) wherever a login takes one,
 * without a password or as its second step: the challenge is spent, the assertion
 * verified and its signature counter stored, so that a replayed or cloned assertion is
 * refused on either path.
 */
@Component
class PasskeyAssertions {

	private final AuthenticatorResponses responses;

	private final PasskeyRepository passkeys;

	PasskeyAssertions(AuthenticatorResponses responses, PasskeyRepository passkeys) {
		this.responses = responses;
		this.passkeys = passkeys;
	}

	/**
	 * The account whose passkey's assertion answers {@code challenge} (the spent
	 * challenge's bytes, empty if there was none to spend), verifies as {@code expected}
	 * says, and carries a counter that grew (now stored); else
	 * {@link InvalidPasskeyException} with its reason and, once the passkey is known, its
	 * account.
	 */
	Mono<User> prove(AuthenticationData data, Mono<byte[]> challenge, Expected expected, ClientInfo client) {
		return challenge.switchIfEmpty(Mono.error(() -> new InvalidPasskeyException(PasskeyRefusal.UNKNOWN_CHALLENGE)))
			.flatMap((spent) -> this.passkeys.findByCredentialId(data.getCredentialId())
				.switchIfEmpty(Mono.error(() -> new InvalidPasskeyException(PasskeyRefusal.UNKNOWN_CREDENTIAL)))
				.flatMap((passkey) -> ownedAsExpected(data, passkey, expected)
					.then(this.responses.verifyAuthentication(data, spent, passkey, expected.userVerification()))
					.flatMap((assertion) -> this.passkeys
						.recordUse(passkey.id(), assertion.signCount(), assertion.userVerified(),
								assertion.backupState(), client)
						.flatMap((used) -> used ? Mono.just(passkey.user())
								: Mono.error(new InvalidPasskeyException(PasskeyRefusal.COUNTER))))
					.onErrorMap(InvalidPasskeyException.class, (ex) -> ex.of(passkey.user().id()))));
	}

	/**
	 * The passkey is the expected account's, and the user handle names its account
	 * (WebAuthn §7.2 step 6): required when the account is known only by the credential,
	 * checked when present otherwise.
	 */
	private static Mono<Void> ownedAsExpected(AuthenticationData data, StoredPasskey passkey, Expected expected) {
		if (expected.account() != null && !expected.account().equals(passkey.user().id())) {
			return Mono.error(new InvalidPasskeyException(PasskeyRefusal.OTHER_ACCOUNT));
		}
		byte[] handle = data.getUserHandle();
		boolean handleMatches = (handle != null) ? Arrays.equals(handle, UserHandles.of(passkey.user().id()))
				: expected.account() != null;
		return handleMatches ? Mono.empty() : Mono.error(new InvalidPasskeyException(PasskeyRefusal.USER_HANDLE));
	}

	/**
	 * What an assertion must prove besides its signature.
	 *
	 * @param account the account it must be of, or null when the credential names it
	 * @param userVerification whether the authenticator must have verified the user
	 */
	record Expected(UUID account, boolean userVerification) {

		/**
		 * A login without a password: the passkey names the account, and user
		 * verification makes it two factors by itself.
		 */
		static Expected passwordless() {
			return new Expected(null, true);
		}

		/**
		 * The second step of a login: the password named the account and was the
		 * knowledge factor, so possession of one of its passkeys is what is asked.
		 */
		static Expected secondFactorOf(UUID account) {
			return new Expected(account, false);
		}

	}

}
