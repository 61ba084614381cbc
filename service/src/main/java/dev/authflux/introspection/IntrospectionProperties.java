package dev.authflux.introspection;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The one client allowed to introspect tokens, bound from
 * {@code authflux.introspection.*} (environment:
 * {@code AUTHFLUX_INTROSPECTION_CLIENT_ID}, {@code ..._CLIENT_SECRET}). With no secret
 * configured, introspection refuses every caller.
 *
 * @param clientId the HTTP Basic user name of resource servers
 * @param clientSecret the HTTP Basic password; never logged
 */
@ConfigurationProperties("authflux.introspection")
public record IntrospectionProperties(@DefaultValue("resource-server") String clientId, String clientSecret) {

	@Override
	public String toString() {
		return "IntrospectionProperties[clientId=" + this.clientId + "]";
	}

}
