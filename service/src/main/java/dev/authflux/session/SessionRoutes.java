package dev.authflux.session;

import dev.authflux.web.MethodNotAllowedRoutes;
import dev.authflux.web.PathScopedRoutes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes of {@code /api/v1/sessions}: login and refresh are open, the rest needs a bearer
 * token. {@code /current} and {@code /refresh} come before {@code /{id}}: routes match in
 * order.
 */
@Configuration(proxyBeanMethods = false)
class SessionRoutes {

	static final String SESSIONS = "/api/v1/sessions";

	static final String REFRESH = SESSIONS + "/refresh";

	static final String SECOND_FACTOR = SESSIONS + "/mfa";

	static final String CURRENT = SESSIONS + "/current";

	static final String ONE = SESSIONS + "/{id}";

	@Bean
	RouterFunction<ServerResponse> sessionRouter(SessionHandler handler, BearerAuthentication bearer) {
		RouterFunction<ServerResponse> open = RouterFunctions.route()
			.POST(SESSIONS, handler::login)
			.POST(REFRESH, handler::refresh)
			.POST(SECOND_FACTOR, handler::loginWithSecondFactor)
			.build();
		RouterFunction<ServerResponse> authenticated = RouterFunctions.route()
			.GET(SESSIONS, handler::list)
			.DELETE(SESSIONS, handler::revokeAll)
			.DELETE(CURRENT, handler::logout)
			.DELETE(ONE, handler::revoke)
			.filter(bearer)
			.build();
		// /refresh's and /mfa's 405 come before DELETE /{id}, which would otherwise
		// take DELETE /refresh for the revocation of a session with the id "refresh".
		RouterFunction<ServerResponse> routes = open.and(MethodNotAllowedRoutes.forPath(REFRESH, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(SECOND_FACTOR, HttpMethod.POST))
			.and(authenticated)
			.and(MethodNotAllowedRoutes.forPath(SESSIONS, HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE))
			.and(MethodNotAllowedRoutes.forPath(ONE, HttpMethod.DELETE));
		return PathScopedRoutes.of(routes, SESSIONS + "/**");
	}

}
