package dev.authflux.compat;

import dev.authflux.session.SessionService;
import dev.authflux.user.UserService;
import dev.authflux.web.ClientAddresses;
import dev.authflux.web.JsonRequests;
import dev.authflux.web.MethodNotAllowedRoutes;
import dev.authflux.web.SwitchedRoutes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The original service's {@code POST /api/auth}, unless turned off
 * ({@code AUTHFLUX_COMPAT_ENABLED=false}; checked at run time, see
 * {@link SwitchedRoutes}).
 */
@Configuration(proxyBeanMethods = false)
class CompatRoutes {

	static final String AUTH = "/api/auth";

	@Bean
	CompatHandler compatHandler(UserService users, SessionService sessions, JsonRequests json,
			ClientAddresses clients) {
		return new CompatHandler(users, sessions, json, clients);
	}

	@Bean
	CompatErrorFormat compatErrorFormat() {
		return new CompatErrorFormat();
	}

	@Bean
	RouterFunction<ServerResponse> compatRouter(CompatHandler handler, CompatProperties properties) {
		return SwitchedRoutes.only(properties.enabled(),
				RouterFunctions.route()
					.POST(AUTH, handler::auth)
					.build()
					.and(MethodNotAllowedRoutes.forPath(AUTH, HttpMethod.POST)));
	}

}
