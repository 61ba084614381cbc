package dev.authflux.token;

import dev.authflux.web.MethodNotAllowedRoutes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * JWKS for anyone verifying our tokens; introspection for resource servers. Key rotation
 * for operators is routed with the other operator endpoints ({@code admin}).
 */
@Configuration(proxyBeanMethods = false)
class TokenRoutes {

	static final String JWKS = "/.well-known/jwks.json";

	static final String INTROSPECT = "/api/v1/introspect";

	@Bean
	RouterFunction<ServerResponse> tokenRouter(JwksHandler jwks, IntrospectionHandler introspection) {
		return RouterFunctions.route()
			.GET(JWKS, jwks::jwks)
			.POST(INTROSPECT, introspection::introspect)
			.build()
			.and(MethodNotAllowedRoutes.forPath(JWKS, HttpMethod.GET))
			.and(MethodNotAllowedRoutes.forPath(INTROSPECT, HttpMethod.POST));
	}

}
