package dev.authflux.throttle;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Brute-force throttling, bound from {@code authflux.throttle.*} (environment:
 * {@code AUTHFLUX_THROTTLE_*}). The state is in PostgreSQL, so all instances agree; the
 * rules and why they are keyed as they are: docs/security.md.
 *
 * @param accountMaxFailures consecutive failures for one account from one client after
 * which that client's attempts for the account are refused for a while
 * @param accountBaseDelay how long, after the first such run of failures; each further
 * failure doubles it
 * @param accountMaxDelay the longest a client or account is ever refused at a time
 * @param accountResetAfter consecutive failures are forgotten after this long without one
 * @param unknownClientsMaxFailures consecutive failures for one account from all clients
 * it does not know, after which only clients it knows may try
 * @param knownClientTtl how long a client stays known after its last successful login
 * @param knownByNetwork whether a network a login succeeded from is a known client (else
 * only a device token is)
 * @param knownClientsPerAccount how many known clients an account keeps (the most recent)
 * @param ipMaxFailures failed logins from one network (IPv4 address, IPv6 /64) across all
 * accounts within {@code ipWindow}, after which its logins are refused until the window
 * ends
 * @param ipWindow the window a network's failed logins are counted in
 * @param registrationMaxTaken registrations of a taken name from one network within
 * {@code registrationWindow} before its registrations are refused until the window ends
 * @param registrationWindow the window taken names are counted in
 * @param clientAuthMaxFailures failed HTTP Basic authentications of the introspection or
 * admin client from one network within {@code clientAuthWindow} before they are refused
 * @param clientAuthWindow the window failed client authentications are counted in
 * @param pendingHold how long an attempt being checked holds its place if its instance
 * never reports back
 */
@ConfigurationProperties("authflux.throttle")
public record ThrottleProperties(@DefaultValue("5") int accountMaxFailures,
		@DefaultValue("30s") Duration accountBaseDelay, @DefaultValue("15m") Duration accountMaxDelay,
		@DefaultValue("24h") Duration accountResetAfter, @DefaultValue("20") int unknownClientsMaxFailures,
		@DefaultValue("90d") Duration knownClientTtl, @DefaultValue("true") boolean knownByNetwork,
		@DefaultValue("20") int knownClientsPerAccount, @DefaultValue("100") int ipMaxFailures,
		@DefaultValue("10m") Duration ipWindow, @DefaultValue("10") int registrationMaxTaken,
		@DefaultValue("10m") Duration registrationWindow, @DefaultValue("10") int clientAuthMaxFailures,
		@DefaultValue("10m") Duration clientAuthWindow, @DefaultValue("1m") Duration pendingHold) {
}
