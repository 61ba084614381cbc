package dev.authflux.login;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The login page and its single-sign-on session, bound from {@code authflux.login.*}
 * (environment: {@code AUTHFLUX_LOGIN_*}).
 *
 * @param sessionLifetime how long a browser stays signed in after it entered a password:
 * the session's absolute lifetime, not extended by use, so that a password is asked for
 * again at least this often
 */
@ConfigurationProperties("authflux.login")
public record LoginProperties(@DefaultValue("12h") Duration sessionLifetime) {

	public LoginProperties {
		if (sessionLifetime.isNegative() || sessionLifetime.isZero()) {
			throw new IllegalArgumentException("authflux.login.session-lifetime must be positive");
		}
	}

}
