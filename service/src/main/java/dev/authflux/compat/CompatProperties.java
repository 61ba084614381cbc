package dev.authflux.compat;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The original service's endpoint, bound from {@code authflux.compat.*} (environment:
 * {@code AUTHFLUX_COMPAT_ENABLED}).
 *
 * @param enabled whether {@code POST /api/auth} is served; when off it is a 404
 */
@ConfigurationProperties("authflux.compat")
public record CompatProperties(@DefaultValue("true") boolean enabled) {
}
