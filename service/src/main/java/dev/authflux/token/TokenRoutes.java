package dev.authflux.token;

import dev.authflux.web.MethodNotAllowedRoutes;
import dev.authflux.web.PathScopedRoutes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * JWKS for anyone verifying our tokens. Introspection, which also needs the session, is
 * routed by {@code introspection}; key rotation for operators with the other operator
 * endpoints ({@code admin}).
 */
@Configuration(proxyBeanMethods = false)
class TokenRoutes {

	static final String JWKS = "/.well-known/jwks.json";

	@Bean
	RouterFunction<ServerResponse> tokenRouter(JwksHandler jwks) {
		RouterFunction<ServerResponse> routes = RouterFunctions.route()
			.GET(JWKS, jwks::jwks)
			.build()
			.and(MethodNotAllowedRoutes.forPath(JWKS, HttpMethod.GET));
		return PathScopedRoutes.of(routes, JWKS);
	}

}
