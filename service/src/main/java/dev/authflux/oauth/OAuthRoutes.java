package dev.authflux.oauth;

import java.util.Set;

import dev.authflux.web.MethodNotAllowedRoutes;
import dev.authflux.web.PathScopedRoutes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The OAuth 2 endpoints: authorization (RFC 6749 §3.1), token (§3.2) and revocation (RFC
 * 7009).
 */
@Configuration(proxyBeanMethods = false)
public class OAuthRoutes {

	public static final String TOKEN = "/oauth2/token";

	public static final String AUTHORIZE = "/oauth2/authorize";

	public static final String REVOKE = "/oauth2/revoke";

	/** Where the consent page posts its answer. */
	public static final String CONSENT = "/oauth2/consent";

	/** The paths whose errors are RFC 6749's, not problem documents. */
	static final Set<String> OAUTH_ERROR_PATHS = Set.of(TOKEN, REVOKE);

	@Bean
	RouterFunction<ServerResponse> oauthRouter(TokenEndpointHandler handler, AuthorizationEndpointHandler authorization,
			RevocationEndpointHandler revocation) {
		RouterFunction<ServerResponse> routes = RouterFunctions.route()
			.POST(TOKEN, handler::token)
			.POST(REVOKE, revocation::revoke)
			.GET(AUTHORIZE, authorization::get)
			.POST(AUTHORIZE, authorization::post)
			.POST(CONSENT, authorization::consent)
			.build()
			.and(MethodNotAllowedRoutes.forPath(TOKEN, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(REVOKE, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(AUTHORIZE, HttpMethod.GET, HttpMethod.POST))
			.and(MethodNotAllowedRoutes.forPath(CONSENT, HttpMethod.POST));
		return PathScopedRoutes.of(routes, TOKEN, REVOKE, AUTHORIZE, CONSENT);
	}

	@Bean
	OAuthErrorFormat oauthErrorFormat() {
		return new OAuthErrorFormat();
	}

}
