package dev.authflux.interop;

import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The one bean docs/oidc.md tells users of {@code AUTHFLUX_TOKEN_TYPE=at+jwt} to add:
 * Boot's decoder with every check but the type's, which accepts {@code at+jwt} as well as
 * {@code JWT}. Kept here so the documented code compiles against the Spring Security the
 * tests run.
 */
@Configuration(proxyBeanMethods = false)
@Profile("resource-server-at-jwt")
class AtJwtResourceServer {

	@Bean
	ReactiveJwtDecoder jwtDecoder(OAuth2ResourceServerProperties properties) {
		String issuer = properties.getJwt().getIssuerUri();
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withIssuerLocation(issuer).build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
				new JwtIssuerValidator(issuer), new JwtTypeValidator("at+jwt", "JWT")));
		return decoder;
	}

}
