package dev.authflux.token;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Access tokens, bound from {@code authflux.token.*} (environment:
 * {@code AUTHFLUX_TOKEN_*}).
 *
 * @param issuer the {@code iss} of every token, checked on verification
 * @param accessTokenTtl how long an access token is valid ({@code expires_in})
 * @param algorithm the signing algorithm of access tokens: ES256, RS256 or EdDSA
 * @param clockSkew how far past {@code exp} a token is still accepted, for clock drift
 * @param jwksMaxAge how long clients may cache the JWKS document
 * @param keyRefreshInterval how often an instance re-reads the shared signing keys on its
 * own, without a notification of a change
 * @param verifiedCacheSize how many verified access tokens each instance remembers
 * @param keyRotationPeriod how old the active signing key may get before it is replaced
 * (checked every housekeeping interval)
 * @param type the header {@code typ} of new access tokens: {@code JWT} (what stock
 * resource servers accept) or {@code at+jwt} (RFC 9068)
 * @param idTokenAlgorithm the signing algorithm of ID tokens: RS256 (what OpenID Connect
 * clients accept by default) or ES256; the same key signs both kinds of token when the
 * two algorithms are equal
 * @param audience the {@code aud} of the token endpoint's access tokens (RFC 9068 §2.2):
 * the APIs they are for; the issuer when not set
 */
@ConfigurationProperties("authflux.token")
public record TokenProperties(@DefaultValue("http://localhost:8080") String issuer,
		@DefaultValue("10m") Duration accessTokenTtl, @DefaultValue("ES256") SigningAlgorithm algorithm,
		@DefaultValue("30s") Duration clockSkew, @DefaultValue("5m") Duration jwksMaxAge,
		@DefaultValue("1m") Duration keyRefreshInterval, @DefaultValue("10000") long verifiedCacheSize,
		@DefaultValue("30d") Duration keyRotationPeriod, @DefaultValue("JWT") AccessTokenType type,
		@DefaultValue("RS256") SigningAlgorithm idTokenAlgorithm, String audience) {

	/**
	 * EdDSA is refused for ID tokens: Spring Security's clients and resource servers
	 * ignore OKP keys in a JWKS, so they could verify none of them.
	 */
	public TokenProperties {
		if (idTokenAlgorithm == SigningAlgorithm.EDDSA) {
			throw new IllegalArgumentException("authflux.token.id-token-algorithm (AUTHFLUX_TOKEN_ID_TOKEN_ALGORITHM)"
					+ " cannot be EdDSA: stock OpenID Connect clients such as Spring Security's ignore EdDSA (OKP) keys"
					+ " and could not verify the ID tokens. Use RS256 (the default) or ES256.");
		}
		if (audience == null || audience.isBlank()) {
			audience = issuer;
		}
	}

	/**
	 * How long a retired key is still published and accepted: while tokens it signed may
	 * be alive. An instance that has not yet learned of the retirement (notifications
	 * down) signs with the old key for up to one refresh interval after it, and each such
	 * token is accepted for its lifetime plus the clock skew.
	 */
	public Duration retiredKeyGrace() {
		return this.accessTokenTtl.plus(this.clockSkew).plus(this.keyRefreshInterval);
	}

}
