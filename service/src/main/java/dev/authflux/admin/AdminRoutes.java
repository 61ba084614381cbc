package dev.authflux.admin;

import dev.authflux.web.MethodNotAllowedRoutes;
import dev.authflux.web.PathScopedRoutes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes of {@code /api/v1/admin} for operators — accounts and signing-key rotation — all
 * behind {@link AdminAuthentication}.
 */
@Configuration(proxyBeanMethods = false)
class AdminRoutes {

	static final String ROTATE_KEYS = "/api/v1/admin/signing-keys/rotate";

	static final String USERS = "/api/v1/admin/users";

	static final String DISABLE = USERS + "/{id}/disable";

	static final String ENABLE = USERS + "/{id}/enable";

	static final String SESSIONS = USERS + "/{id}/sessions";

	static final String LOGIN_FAILURES = USERS + "/{id}/login-failures";

	@Bean
	RouterFunction<ServerResponse> adminRouter(AdminHandler handler, KeyRotationHandler rotation,
			AdminAuthentication admin) {
		RouterFunction<ServerResponse> routes = RouterFunctions.route()
			.POST(ROTATE_KEYS, rotation::rotate)
			.GET(USERS, handler::findUsers)
			.POST(DISABLE, handler::disable)
			.POST(ENABLE, handler::enable)
			.DELETE(SESSIONS, handler::endSessions)
			.DELETE(LOGIN_FAILURES, handler::clearLoginFailures)
			.filter(admin)
			.build()
			.and(MethodNotAllowedRoutes.forPath(ROTATE_KEYS, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(USERS, HttpMethod.GET))
			.and(MethodNotAllowedRoutes.forPath(DISABLE, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(ENABLE, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(SESSIONS, HttpMethod.DELETE))
			.and(MethodNotAllowedRoutes.forPath(LOGIN_FAILURES, HttpMethod.DELETE));
		return PathScopedRoutes.of(routes, "/api/v1/admin/**");
	}

}
