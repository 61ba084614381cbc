package dev.authflux.compat;

import dev.authflux.session.SessionService;
import dev.authflux.user.UserService;
import dev.authflux.web.ClientAddresses;
import dev.authflux.web.JsonRequests;
import dev.authflux.web.MethodNotAllowedRoutes;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The original service's {@code POST /api/auth}, unless turned off. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "authflux.compat.enabled", matchIfMissing = true)
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
	RouterFunction<ServerResponse> compatRouter(CompatHandler handler) {
		return RouterFunctions.route()
			.POST(AUTH, handler::auth)
			.build()
			.and(MethodNotAllowedRoutes.forPath(AUTH, HttpMethod.POST));
	}

}
