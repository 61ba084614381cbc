package dev.authflux.compat;

import dev.authflux.session.SessionService;
import dev.authflux.user.UserService;
import dev.authflux.audit.ClientAddresses;
import dev.authflux.web.JsonRequests;
import dev.authflux.web.MethodNotAllowedRoutes;
import dev.authflux.web.PathScopedRoutes;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The original service's {@code POST /api/auth}, unless turned off
 * ({@code AUTHFLUX_COMPAT_ENABLED=false}). The switch is checked when the router is
 * built, not with a bean condition: the service runs with Spring AOT
 * (docs/architecture.md), which settles bean conditions when the jar is built. Switched
 * off, the path answers 404 like any unknown path.
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
		if (!properties.enabled()) {
			return (request) -> Mono.empty();
		}
		RouterFunction<ServerResponse> routes = RouterFunctions.route()
			.POST(AUTH, handler::auth)
			.build()
			.and(MethodNotAllowedRoutes.forPath(AUTH, HttpMethod.POST));
		return PathScopedRoutes.of(routes, AUTH);
	}

}
