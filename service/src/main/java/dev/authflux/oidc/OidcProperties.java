package dev.authflux.oidc;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OpenID Provider's published metadata, bound from {@code authflux.oidc.*}
 * (environment: {@code AUTHFLUX_OIDC_*}). The issuer itself is
 * {@code authflux.token.issuer}.
 *
 * @param discoveryMaxAge how long clients may cache the discovery documents
 */
@ConfigurationProperties("authflux.oidc")
public record OidcProperties(@DefaultValue("5m") Duration discoveryMaxAge) {

}
