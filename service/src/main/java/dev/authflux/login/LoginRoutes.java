package dev.authflux.login;

import dev.authflux.web.MethodNotAllowedRoutes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes of the login pages: the sign-in form at {@code /login}, signing out at
 * {@code /logout}, and the signed-in page at {@code /}. Their errors are HTML pages
 * ({@link LoginErrorPages}).
 */
@Configuration(proxyBeanMethods = false)
class LoginRoutes {

	static final String LOGIN = "/login";

	static final String LOGOUT = "/logout";

	static final String HOME = "/";

	@Bean
	RouterFunction<ServerResponse> loginRouter(LoginHandler handler) {
		return RouterFunctions.route()
			.GET(LOGIN, handler::form)
			.POST(LOGIN, handler::signIn)
			.POST(LOGOUT, handler::signOut)
			.GET(HOME, handler::home)
			.build()
			.and(MethodNotAllowedRoutes.forPath(LOGIN, HttpMethod.GET, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(LOGOUT, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(HOME, HttpMethod.GET));
	}

}
