package dev.authflux.oidc;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OpenID Provider's published metadata, bound from {@code authflux.oidc.*}
 * (environment: {@code AUTHFLUX_OIDC_*}). The issuer itself is
 * {@code authflux.token.issuer}.
 *
 * @param discoveryMaxAge how long clients may cache the discovery documents
 * @param idTokenSigningAlgorithms the {@code id_token_signing_alg_values_supported}
 * published by discovery; RS256 is the one every OpenID Connect client must accept
 */
@ConfigurationProperties("authflux.oidc")
public record OidcProperties(@DefaultValue("5m") Duration discoveryMaxAge,
		@DefaultValue("RS256") List<String> idTokenSigningAlgorithms) {

}
