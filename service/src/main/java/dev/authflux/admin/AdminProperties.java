package dev.authflux.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The one client allowed to call the operator endpoints ({@link AdminRoutes}), bound from
 * {@code authflux.admin.*} (environment: {@code AUTHFLUX_ADMIN_CLIENT_ID},
 * {@code ..._CLIENT_SECRET}). With no secret configured, the admin endpoints refuse every
 * caller.
 *
 * @param clientId the HTTP Basic user name of the operator
 * @param clientSecret the HTTP Basic password; never logged
 */
@ConfigurationProperties("authflux.admin")
public record AdminProperties(@DefaultValue("admin") String clientId, String clientSecret) {

	@Override
	public String toString() {
		return "AdminProperties[clientId=" + this.clientId + "]";
	}

}
