package dev.authflux.passkey;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Passkeys, bound from {@code authflux.webauthn.*} (environment:
 * {@code AUTHFLUX_WEBAUTHN_*}).
 *
 * @param rpId the relying party id (WebAuthn §5.1.2): the domain passkeys are bound to;
 * the issuer's host when not set
 * @param origins the origins whose pages may run the ceremonies (comma-separated in the
 * environment); the issuer's origin when not set
 * @param rpName the name authenticators show for the relying party
 * @param challengeTtl how long a ceremony's challenge can be answered
 * @param maxPerAccount how many passkeys one account may hold
 * @param verificationThreads threads that parse and verify authenticator responses
 */
@ConfigurationProperties("authflux.webauthn")
public record PasskeyProperties(String rpId, List<String> origins, @DefaultValue("authflux") String rpName,
		@DefaultValue("5m") Duration challengeTtl, @DefaultValue("20") int maxPerAccount,
		@DefaultValue("2") int verificationThreads) {

	public PasskeyProperties {
		origins = (origins != null) ? List.copyOf(origins) : List.of();
	}

}
