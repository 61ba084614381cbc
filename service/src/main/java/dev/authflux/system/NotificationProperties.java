package dev.authflux.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The connection that listens for other instances' changes, bound from
 * {@code authflux.notifications.*} (environment: {@code AUTHFLUX_NOTIFICATIONS_*}).
 *
 * @param heartbeat how often the listening connection is checked with a query; a dead
 * connection that TCP has not noticed yet is found within this time plus the timeout
 * @param heartbeatTimeout how long the check may take before the connection counts as
 * dead
 * @param maxReconnectDelay the longest wait between attempts to listen again
 */
@ConfigurationProperties("authflux.notifications")
public record NotificationProperties(@DefaultValue("5s") Duration heartbeat,
		@DefaultValue("2s") Duration heartbeatTimeout, @DefaultValue("5s") Duration maxReconnectDelay) {
}
