package dev.authflux.user;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Brute-force throttling of logins, bound from {@code authflux.throttle.*} (environment:
 * {@code AUTHFLUX_THROTTLE_*}). The state is in PostgreSQL, so all instances agree.
 *
 * @param accountMaxFailures consecutive failures for one username after which its logins
 * are refused for a while
 * @param accountBaseDelay how long, after the first such run of failures; each further
 * failure doubles it
 * @param accountMaxDelay the longest an account is ever refused at a time
 * @param accountResetAfter consecutive failures are forgotten after this long without one
 * @param ipMaxFailures failures from one client IP, across all usernames, within
 * {@code ipWindow}, after which that IP's logins are refused until the window ends
 * @param ipWindow the window the IP's failures are counted in
 */
@ConfigurationProperties("authflux.throttle")
public record ThrottleProperties(@DefaultValue("5") int accountMaxFailures,
		@DefaultValue("30s") Duration accountBaseDelay, @DefaultValue("15m") Duration accountMaxDelay,
		@DefaultValue("24h") Duration accountResetAfter, @DefaultValue("100") int ipMaxFailures,
		@DefaultValue("10m") Duration ipWindow) {
}
