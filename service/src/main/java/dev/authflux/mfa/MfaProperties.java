package dev.authflux.mfa;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Second factors, bound from {@code authflux.mfa.*}.
 *
 * @param encryptionKey the AES-256-GCM key that TOTP secrets are stored under, Base64 of
 * 32 random bytes ({@code AUTHFLUX_MFA_ENCRYPTION_KEY}; {@code make run} generates one
 * into {@code .run/secrets.env}). Without one, enrollment and TOTP codes answer 503.
 * Never logged.
 * @param issuer the issuer an authenticator app shows next to the account name
 * @param challengeTtl how long the {@code mfa_token} of a login's first step is good for
 */
@ConfigurationProperties("authflux.mfa")
public record MfaProperties(String encryptionKey, @DefaultValue("authflux") String issuer,
		@DefaultValue("5m") Duration challengeTtl) {

	@Override
	public String toString() {
		return "MfaProperties[issuer=" + this.issuer + ", challengeTtl=" + this.challengeTtl + "]";
	}

}
