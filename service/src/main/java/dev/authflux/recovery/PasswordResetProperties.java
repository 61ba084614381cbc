package dev.authflux.recovery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Password reset by mail, bound from {@code authflux.password-reset.*} (environment:
 * {@code AUTHFLUX_PASSWORD_RESET_*}). Why the limits are what they are: docs/security.md.
 *
 * @param ttl how long a mailed reset token is valid
 * @param addressMaxRequests requests for one address (known to the service or not) within
 * {@code addressWindow} that queue a mail; later ones in the window are answered alike
 * and queue none
 * @param addressWindow the window requests for an address are counted in
 * @param networkMaxRequests requests from one client network (IPv4 address, IPv6 /64)
 * within {@code networkWindow}; later ones in the window get 429
 * @param networkWindow the window a network's requests are counted in
 */
@ConfigurationProperties("authflux.password-reset")
public record PasswordResetProperties(@DefaultValue("30m") Duration ttl, @DefaultValue("3") int addressMaxRequests,
		@DefaultValue("1h") Duration addressWindow, @DefaultValue("10") int networkMaxRequests,
		@DefaultValue("10m") Duration networkWindow) {
}
