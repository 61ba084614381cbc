package dev.authflux.client;

import dev.authflux.admin.AdminAuthentication;
import dev.authflux.web.MethodNotAllowedRoutes;
import dev.authflux.web.PathScopedRoutes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The operators' client registry, {@code /api/v1/admin/clients}, behind
 * {@link AdminAuthentication} like every operator endpoint.
 */
@Configuration(proxyBeanMethods = false)
class ClientRoutes {

	static final String CLIENTS = "/api/v1/admin/clients";

	static final String CLIENT = CLIENTS + "/{clientId}";

	static final String DISABLE = CLIENT + "/disable";

	static final String ENABLE = CLIENT + "/enable";

	@Bean
	RouterFunction<ServerResponse> clientRouter(AdminClientsHandler handler, AdminAuthentication admin) {
		RouterFunction<ServerResponse> routes = RouterFunctions.route()
			.POST(CLIENTS, handler::create)
			.GET(CLIENTS, handler::list)
			.GET(CLIENT, handler::get)
			.PUT(CLIENT, handler::update)
			.DELETE(CLIENT, handler::delete)
			.POST(DISABLE, handler::disable)
			.POST(ENABLE, handler::enable)
			.filter(admin)
			.build()
			.and(MethodNotAllowedRoutes.forPath(CLIENTS, HttpMethod.GET, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(CLIENT, HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE))
			.and(MethodNotAllowedRoutes.forPath(DISABLE, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(ENABLE, HttpMethod.POST));
		return PathScopedRoutes.of(routes, CLIENTS + "/**");
	}

}
