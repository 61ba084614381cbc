package dev.authflux.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit log, bound from {@code authflux.audit.*} (environment:
 * {@code AUTHFLUX_AUDIT_*}).
 *
 * @param retention how long events are kept
 */
@ConfigurationProperties("authflux.audit")
public record AuditProperties(@DefaultValue("90d") Duration retention) {
}
