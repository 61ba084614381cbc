package dev.authflux.mfa;

import java.util.UUID;

import dev.authflux.audit.ClientInfo;
import reactor.core.publisher.Mono;

/**
 * An account's passkeys as the second factor of a login, provided by the passkey feature.
 * The second step asks through this interface because the passkey feature depends on
 * sessions, which depend on this one.
 */
public interface PasskeyFactor {

	/** Whether the account has a passkey to answer the second step with. */
	Mono<Boolean> available(UUID userId);

	/**
	 * Whether {@code credentialJson} (an assertion's {@code toJSON()}) is a verified
	 * assertion of one of the account's passkeys answering a live second-factor challenge
	 * of the account. The challenge is spent and the signature counter stored; a refusal
	 * is audited with its reason and answered {@code false}.
	 */
	Mono<Boolean> verify(UUID userId, String credentialJson, ClientInfo client);

}
