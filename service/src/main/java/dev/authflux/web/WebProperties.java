package dev.authflux.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP-level limits, bound from {@code authflux.web.*} (environment:
 * {@code AUTHFLUX_WEB_*}).
 *
 * @param maxBodySize the largest request body accepted; larger ones get 413
 */
@ConfigurationProperties("authflux.web")
public record WebProperties(@DefaultValue("16KB") DataSize maxBodySize) {
}
