package dev.authflux.oidc;

import dev.authflux.web.MethodNotAllowedRoutes;
import dev.authflux.web.PathScopedRoutes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The OpenID Provider's discovery documents and its UserInfo endpoint. The paths are
 * fixed: discovery's by the specifications, UserInfo's by choice, published through
 * discovery.
 */
@Configuration(proxyBeanMethods = false)
class OidcRoutes {

	static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";

	static final String AUTHORIZATION_SERVER = "/.well-known/oauth-authorization-server";

	static final String USERINFO = "/oauth2/userinfo";

	@Bean
	UserInfoErrorFormat userInfoErrorFormat() {
		return new UserInfoErrorFormat();
	}

	@Bean
	RouterFunction<ServerResponse> oidcRouter(DiscoveryHandler discovery, UserInfoHandler userInfo) {
		RouterFunction<ServerResponse> routes = RouterFunctions.route()
			.GET(OPENID_CONFIGURATION, discovery::metadata)
			.GET(AUTHORIZATION_SERVER, discovery::metadata)
			.GET(USERINFO, userInfo::get)
			.POST(USERINFO, userInfo::post)
			.build()
			.and(MethodNotAllowedRoutes.forPath(OPENID_CONFIGURATION, HttpMethod.GET))
			.and(MethodNotAllowedRoutes.forPath(AUTHORIZATION_SERVER, HttpMethod.GET))
			.and(MethodNotAllowedRoutes.forPath(USERINFO, HttpMethod.GET, HttpMethod.POST));
		return PathScopedRoutes.of(routes, OPENID_CONFIGURATION, AUTHORIZATION_SERVER, USERINFO);
	}

}
