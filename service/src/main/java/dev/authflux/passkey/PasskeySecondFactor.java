package dev.authflux.passkey;

import java.util.UUID;

import dev.authflux.audit.ClientInfo;
import dev.authflux.mfa.PasskeyFactor;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * An account's passkeys as the second factor of its logins, for the mfa feature's second
 * step: an assertion answers a challenge bound to the account and is checked as at a
 * login without a password, except that user verification is not asked for.
 */
@Component
class PasskeySecondFactor implements PasskeyFactor {

	private final AuthenticatorResponses responses;

	private final Challenges challenges;

	private final PasskeyAssertions assertions;

	private final PasskeyRepository passkeys;

	PasskeySecondFactor(AuthenticatorResponses responses, Challenges challenges, PasskeyAssertions assertions,
			PasskeyRepository passkeys) {
		this.responses = responses;
		this.challenges = challenges;
		this.assertions = assertions;
		this.passkeys = passkeys;
	}

	@Override
	public Mono<Boolean> available(UUID userId) {
		return this.passkeys.credentialIdsOf(userId).hasElements();
	}

	@Override
	public Mono<Boolean> verify(UUID userId, String credentialJson, ClientInfo client) {
		return this.responses.parseAuthentication(credentialJson)
			.flatMap((data) -> this.assertions.prove(data,
					this.challenges.spendForSecondFactor(data.getCollectedClientData(), userId),
					PasskeyAssertions.Expected.secondFactorOf(userId), client))
			.thenReturn(true)
			// Audited as the account under login, whoever's passkey it was.
			.onErrorResume(InvalidPasskeyException.class,
					(ex) -> this.passkeys.auditRefusal(userId, ex.reason(), client).thenReturn(false));
	}

}
