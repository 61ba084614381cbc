package dev.authflux.passkey;

import dev.authflux.session.BearerAuthentication;
import dev.authflux.web.MethodNotAllowedRoutes;
import dev.authflux.web.PathScopedRoutes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes of passkeys: managing them under {@code /api/v1/users/me/passkeys} needs a
 * bearer token; the login and the options of a login's second step under
 * {@code /api/v1/sessions} are open. They come before the sessions' routes, whose
 * {@code /api/v1/sessions/{id}} would otherwise answer the login's paths with 405.
 */
@Configuration(proxyBeanMethods = false)
class PasskeyRoutes {

	static final String PASSKEYS = "/api/v1/users/me/passkeys";

	static final String REGISTRATION_OPTIONS = PASSKEYS + "/registration-options";

	static final String ONE = PASSKEYS + "/{id}";

	static final String LOGIN = "/api/v1/sessions/passkey";

	static final String LOGIN_OPTIONS = "/api/v1/sessions/passkey-options";

	static final String SECOND_FACTOR_OPTIONS = "/api/v1/sessions/mfa/passkey-options";

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	RouterFunction<ServerResponse> passkeyRouter(PasskeyHandler handler, BearerAuthentication bearer) {
		RouterFunction<ServerResponse> open = RouterFunctions.route()
			.POST(LOGIN_OPTIONS, handler::loginOptions)
			.POST(LOGIN, handler::login)
			.POST(SECOND_FACTOR_OPTIONS, handler::secondFactorOptions)
			.build();
		RouterFunction<ServerResponse> options = RouterFunctions.route()
			.POST(REGISTRATION_OPTIONS, handler::registrationOptions)
			.filter(bearer)
			.build();
		RouterFunction<ServerResponse> authenticated = RouterFunctions.route()
			.GET(PASSKEYS, handler::list)
			.POST(PASSKEYS, handler::register)
			.DELETE(ONE, handler::delete)
			.filter(bearer)
			.build();
		// registration-options' 405 comes before DELETE /{id}, which would otherwise take
		// it for the deletion of a passkey of that id.
		RouterFunction<ServerResponse> routes = open.and(MethodNotAllowedRoutes.forPath(LOGIN_OPTIONS, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(LOGIN, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(SECOND_FACTOR_OPTIONS, HttpMethod.POST))
			.and(options)
			.and(MethodNotAllowedRoutes.forPath(REGISTRATION_OPTIONS, HttpMethod.POST))
			.and(authenticated)
			.and(MethodNotAllowedRoutes.forPath(PASSKEYS, HttpMethod.GET, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(ONE, HttpMethod.DELETE));
		return PathScopedRoutes.of(routes, PASSKEYS + "/**", LOGIN, LOGIN_OPTIONS, SECOND_FACTOR_OPTIONS);
	}

}
