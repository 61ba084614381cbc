package dev.authflux.interop;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The page of an application signed in with {@code oauth2Login()}: who Spring Security
 * says the user is. {@code userinfo_claims} is null unless Spring fetched authflux's
 * userinfo, so tests can tell userinfo's claims from the ID token's.
 */
@Configuration(proxyBeanMethods = false)
@Profile("rp-login")
class SignedInUser {

	@Bean
	RouterFunction<ServerResponse> me() {
		return RouterFunctions.route()
			.GET("/me",
					(request) -> request.principal()
						.cast(OAuth2AuthenticationToken.class)
						.flatMap((authentication) -> ServerResponse.ok()
							.contentType(MediaType.APPLICATION_JSON)
							.bodyValue(describe(authentication))))
			.build();
	}

	private static Map<String, Object> describe(OAuth2AuthenticationToken authentication) {
		OidcUser user = (OidcUser) authentication.getPrincipal();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("registration", authentication.getAuthorizedClientRegistrationId());
		body.put("name", authentication.getName());
		body.put("sub", user.getSubject());
		body.put("preferred_username", user.getPreferredUsername());
		body.put("email", user.getEmail());
		body.put("id_token_claims", new TreeSet<>(user.getIdToken().getClaims().keySet()));
		body.put("userinfo_claims",
				(user.getUserInfo() != null) ? new TreeSet<>(user.getUserInfo().getClaims().keySet()) : null);
		return body;
	}

}
