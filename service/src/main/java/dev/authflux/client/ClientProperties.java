package dev.authflux.client;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The client registry, bound from {@code authflux.clients.*} (environment:
 * {@code AUTHFLUX_CLIENTS_*}).
 *
 * @param apiScopes the scopes of the operator's own APIs that clients may be registered
 * with, next to the OpenID Connect ones ({@code openid}, {@code profile}, {@code email},
 * {@code offline_access}); a registration naming any other scope is refused
 */
@ConfigurationProperties("authflux.clients")
public record ClientProperties(@DefaultValue List<String> apiScopes) {

	public ClientProperties {
		apiScopes = List.copyOf(apiScopes);
		for (String scope : apiScopes) {
			if (!Scopes.isScopeToken(scope)) {
				throw new IllegalArgumentException("authflux.clients.api-scopes: not an RFC 6749 scope: " + scope);
			}
		}
	}

}
