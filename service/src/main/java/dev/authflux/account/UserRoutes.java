package dev.authflux.account;

import dev.authflux.session.BearerAuthentication;
import dev.authflux.web.MethodNotAllowedRoutes;
import dev.authflux.web.PathScopedRoutes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes of {@code /api/v1/users}: registration and email verification (the mailed token
 * is the proof) are open, the rest needs a bearer token.
 */
@Configuration(proxyBeanMethods = false)
class UserRoutes {

	static final String USERS = "/api/v1/users";

	static final String ME = USERS + "/me";

	static final String PASSWORD = ME + "/password";

	static final String EMAIL = ME + "/email";

	static final String TOTP = ME + "/mfa/totp";

	static final String TOTP_CONFIRM = TOTP + "/confirm";

	static final String EMAIL_VERIFICATIONS = "/api/v1/email-verifications";

	@Bean
	RouterFunction<ServerResponse> userRouter(UserHandler handler, SecondFactorHandler secondFactor,
			BearerAuthentication bearer) {
		RouterFunction<ServerResponse> open = RouterFunctions.route()
			.POST(USERS, handler::register)
			.POST(EMAIL_VERIFICATIONS, handler::verifyEmail)
			.build();
		RouterFunction<ServerResponse> authenticated = RouterFunctions.route()
			.GET(ME, handler::me)
			.PUT(PASSWORD, handler::changePassword)
			.PUT(EMAIL, handler::changeEmail)
			.DELETE(ME, handler::delete)
			.POST(TOTP, secondFactor::enroll)
			.DELETE(TOTP, secondFactor::disable)
			.POST(TOTP_CONFIRM, secondFactor::confirm)
			.filter(bearer)
			.build();
		RouterFunction<ServerResponse> routes = open.and(authenticated)
			.and(MethodNotAllowedRoutes.forPath(USERS, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(ME, HttpMethod.GET, HttpMethod.DELETE))
			.and(MethodNotAllowedRoutes.forPath(PASSWORD, HttpMethod.PUT))
			.and(MethodNotAllowedRoutes.forPath(EMAIL, HttpMethod.PUT))
			.and(MethodNotAllowedRoutes.forPath(TOTP, HttpMethod.POST, HttpMethod.DELETE))
			.and(MethodNotAllowedRoutes.forPath(TOTP_CONFIRM, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(EMAIL_VERIFICATIONS, HttpMethod.POST));
		return PathScopedRoutes.of(routes, USERS + "/**", EMAIL_VERIFICATIONS);
	}

}
