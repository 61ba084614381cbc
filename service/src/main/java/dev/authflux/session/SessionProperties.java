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
 */
@ConfigurationProperties("authflux.session")
public record SessionProperties(@DefaultValue("30d") Duration refreshTokenTtl,
		@DefaultValue("90d") Duration maxLifetime, @DefaultValue("50000") long cacheSize,
		@DefaultValue("5m") Duration cacheTtl) {
}
