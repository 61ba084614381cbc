package dev.authflux.session;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sessions and refresh tokens, bound from {@code authflux.session.*} (environment:
 * {@code AUTHFLUX_SESSION_*}).
 *
 * @param refreshTokenTtl idle lifetime: a session not refreshed for this long ends; each
 * refresh extends it ({@code refresh_expires_in})
 * @param maxLifetime absolute lifetime from login, however often the session is refreshed
 * @param cacheSize how many sessions each instance remembers as live or ended
 * @param cacheTtl how long a remembered session is trusted at most; revocations reach the
 * cache at once through notifications, this only bounds the damage of a missed one
 * @param reuseHistory how many of a session's latest rotated refresh tokens are
 * remembered, so that presenting one again revokes the session (RFC 9700 §4.14.2); an
 * older one is merely invalid. Bounds the refresh-token rows of a session to this plus
 * one
 * @param retention how long a session is kept after it was revoked or expired, before
 * housekeeping deletes it with its refresh tokens
 */
@ConfigurationProperties("authflux.session")
public record SessionProperties(@DefaultValue("30d") Duration refreshTokenTtl,
		@DefaultValue("90d") Duration maxLifetime, @DefaultValue("50000") long cacheSize,
		@DefaultValue("5m") Duration cacheTtl, @DefaultValue("100") int reuseHistory,
		@DefaultValue("7d") Duration retention) {

	public SessionProperties {
		// Zero would let a refresh delete the very token it rotates, and reuse could no
		// longer be told from a token that never existed.
		if (reuseHistory < 1) {
			throw new IllegalArgumentException("authflux.session.reuse-history must be at least 1");
		}
		if (retention.isNegative()) {
			throw new IllegalArgumentException("authflux.session.retention must not be negative");
		}
	}

}
