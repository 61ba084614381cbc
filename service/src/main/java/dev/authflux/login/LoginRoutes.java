package dev.authflux.login;

import dev.authflux.web.MethodNotAllowedRoutes;
import dev.authflux.web.PathScopedRoutes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes of the login pages: the sign-in form at {@code /login} (with a passkey too:
 * {@link PasskeySignInHandler}), signing out at {@code /logout}, the signed-in page at
 * {@code /}, and RP-initiated logout at {@code /oauth2/logout}
 * ({@link EndSessionHandler}). Their errors are HTML pages ({@link LoginErrorPages}).
 */
@Configuration(proxyBeanMethods = false)
class LoginRoutes {

	static final String LOGIN = "/login";

	/** The second step of signing in to an account with TOTP. */
	static final String LOGIN_CODE = LOGIN + "/code";

	/** The passkey buttons' script, a static file (the pages allow no inline script). */
	static final String PASSKEY_SCRIPT = LOGIN + "/passkey.js";

	/** Options of a sign-in with a passkey alone, fetched by the script. */
	static final String LOGIN_PASSKEY_OPTIONS = LOGIN + "/passkey-options";

	/** A sign-in with a passkey alone: the form the script submits. */
	static final String LOGIN_PASSKEY = LOGIN + "/passkey";

	/** Options of the second step answered with a passkey. */
	static final String LOGIN_CODE_PASSKEY_OPTIONS = LOGIN_CODE + "/passkey-options";

	/** The second step answered with a passkey. */
	static final String LOGIN_CODE_PASSKEY = LOGIN_CODE + "/passkey";

	static final String LOGOUT = "/logout";

	static final String HOME = "/";

	/** OpenID Connect RP-Initiated Logout's end-session endpoint. */
	static final String END_SESSION = "/oauth2/logout";

	static final String END_SESSION_CONFIRM = END_SESSION + "/confirm";

	@Bean
	RouterFunction<ServerResponse> loginRouter(LoginHandler handler, PasskeySignInHandler passkeys,
			EndSessionHandler endSession) {
		RouterFunction<ServerResponse> routes = RouterFunctions.route()
			.GET(LOGIN, handler::form)
			.POST(LOGIN, handler::signIn)
			.POST(LOGIN_CODE, handler::signInWithCode)
			.GET(PASSKEY_SCRIPT, passkeys::script)
			.POST(LOGIN_PASSKEY_OPTIONS, passkeys::options)
			.POST(LOGIN_PASSKEY, passkeys::signIn)
			.POST(LOGIN_CODE_PASSKEY_OPTIONS, passkeys::secondFactorOptions)
			.POST(LOGIN_CODE_PASSKEY, passkeys::secondFactor)
			.POST(LOGOUT, handler::signOut)
			.GET(HOME, handler::home)
			.GET(END_SESSION, endSession::get)
			.POST(END_SESSION, endSession::post)
			.POST(END_SESSION_CONFIRM, endSession::confirm)
			.build()
			.and(MethodNotAllowedRoutes.forPath(LOGIN, HttpMethod.GET, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(LOGIN_CODE, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(PASSKEY_SCRIPT, HttpMethod.GET))
			.and(MethodNotAllowedRoutes.forPath(LOGIN_PASSKEY_OPTIONS, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(LOGIN_PASSKEY, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(LOGIN_CODE_PASSKEY_OPTIONS, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(LOGIN_CODE_PASSKEY, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(LOGOUT, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(HOME, HttpMethod.GET))
			.and(MethodNotAllowedRoutes.forPath(END_SESSION, HttpMethod.GET, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(END_SESSION_CONFIRM, HttpMethod.POST));
		return PathScopedRoutes.of(routes, LOGIN + "/**", LOGOUT, HOME, END_SESSION + "/**");
	}

}
