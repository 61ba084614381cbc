package dev.authflux.recovery;

import dev.authflux.web.MethodNotAllowedRoutes;
import dev.authflux.web.PathScopedRoutes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes of {@code /api/v1/password-resets}: open, since whoever resets a password cannot
 * log in; the mailed token is the proof.
 */
@Configuration(proxyBeanMethods = false)
class PasswordResetRoutes {

	static final String PASSWORD_RESETS = "/api/v1/password-resets";

	static final String CONFIRM = PASSWORD_RESETS + "/confirm";

	@Bean
	RouterFunction<ServerResponse> passwordResetRouter(PasswordResetHandler handler) {
		RouterFunction<ServerResponse> routes = RouterFunctions.route()
			.POST(CONFIRM, handler::confirm)
			.POST(PASSWORD_RESETS, handler::request)
			.build()
			.and(MethodNotAllowedRoutes.forPath(CONFIRM, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(PASSWORD_RESETS, HttpMethod.POST));
		return PathScopedRoutes.of(routes, PASSWORD_RESETS + "/**");
	}

}
