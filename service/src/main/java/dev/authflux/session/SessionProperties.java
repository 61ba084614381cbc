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
 */
@ConfigurationProperties("authflux.session")
public record SessionProperties(@DefaultValue("30d") Duration refreshTokenTtl,
		@DefaultValue("90d") Duration maxLifetime) {
}
