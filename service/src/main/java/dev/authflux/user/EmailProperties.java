package dev.authflux.user;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Email addresses of accounts, bound from {@code authflux.email.*} (environment:
 * {@code AUTHFLUX_EMAIL_*}).
 *
 * @param verificationTtl how long a verification token mailed to an address is valid
 */
@ConfigurationProperties("authflux.email")
public record EmailProperties(@DefaultValue("24h") Duration verificationTtl) {
}
