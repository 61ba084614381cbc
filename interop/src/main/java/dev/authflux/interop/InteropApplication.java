package dev.authflux.interop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A Spring Boot application as a user of authflux would write it, whose security is
 * nothing but Spring Boot's auto-configuration of the profile's properties
 * ({@code application-<profile>.yaml}). Its one endpoint answers who the caller is, so
 * tests can see what Spring made of authflux's token.
 */
@SpringBootApplication
public class InteropApplication {

	/** Token attributes worth showing; the others (exp, iat, ...) are not strings. */
	private static final List<String> SHOWN = List.of("iss", "sub", "sid", "preferred_username", "username",
			"client_id", "scope");

	public static void main(String[] args) {
		SpringApplication.run(InteropApplication.class, args);
	}

	@Bean
	RouterFunction<ServerResponse> whoami() {
		return RouterFunctions.route()
			.GET("/whoami",
					(request) -> request.principal()
						.cast(AbstractOAuth2TokenAuthenticationToken.class)
						.flatMap((authentication) -> ServerResponse.ok()
							.contentType(MediaType.APPLICATION_JSON)
							.bodyValue(describe(authentication))))
			.build();
	}

	private static Map<String, Object> describe(AbstractOAuth2TokenAuthenticationToken<?> authentication) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", authentication.getName());
		body.put("authentication", authentication.getClass().getSimpleName());
		Map<String, Object> attributes = authentication.getTokenAttributes();
		for (String name : SHOWN) {
			Object value = attributes.get(name);
			if (value != null) {
				body.put(name, String.valueOf(value));
			}
		}
		return body;
	}

}
