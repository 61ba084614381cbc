package dev.authflux.bench;

import dev.authflux.user.PasswordHasher;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes for {@code make bench} only ({@code bench/run.sh}), present only with the Spring
 * profile {@code bench}: a framework floor to compare the real endpoints against, and an
 * in-process measurement of the configured password hash's cost. Never enable the profile
 * in production: {@code /bench/hash-cost} spends CPU on request.
 */
@Configuration(proxyBeanMethods = false)
@Profile("bench")
class BenchRoutes {

	static final String FLOOR = "/bench/floor";

	static final String HASH_COST = "/bench/hash-cost";

	@Bean
	BenchHandler benchHandler(PasswordHasher hasher) {
		return new BenchHandler(hasher);
	}

	@Bean
	RouterFunction<ServerResponse> benchRouter(BenchHandler handler) {
		return RouterFunctions.route().GET(FLOOR, handler::floor).GET(HASH_COST, handler::hashCost).build();
	}

}
