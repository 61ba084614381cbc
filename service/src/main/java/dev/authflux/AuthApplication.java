package dev.authflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * authflux: a reactive authentication service. Users register and log in, receive
 * short-lived JWT access tokens (RFC 7519) verifiable through JWKS (RFC 7517) and refresh
 * tokens that rotate on every use with reuse detection (RFC 9700 §4.14.2).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AuthApplication {

	public static void main(String[] args) {
		SpringApplication.run(AuthApplication.class, args);
	}

}
