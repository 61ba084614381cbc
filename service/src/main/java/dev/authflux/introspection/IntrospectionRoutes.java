package dev.authflux.introspection;

import dev.authflux.web.MethodNotAllowedRoutes;
import dev.authflux.web.PathScopedRoutes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Introspection for resource servers (RFC 7662). */
@Configuration(proxyBeanMethods = false)
class IntrospectionRoutes {

	static final String INTROSPECT = "/api/v1/introspect";

	@Bean
	RouterFunction<ServerResponse> introspectionRouter(IntrospectionHandler introspection) {
		RouterFunction<ServerResponse> routes = RouterFunctions.route()
			.POST(INTROSPECT, introspection::introspect)
			.build()
			.and(MethodNotAllowedRoutes.forPath(INTROSPECT, HttpMethod.POST));
		return PathScopedRoutes.of(routes, INTROSPECT);
	}

}
