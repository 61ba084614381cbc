package dev.authflux.bench;

import dev.authflux.user.PasswordHasher;
import dev.authflux.web.SwitchedRoutes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes for {@code make bench} only ({@code bench/run.sh}), served only with the Spring
 * profile {@code bench}: a framework floor to compare the real endpoints against, and an
 * in-process measurement of the configured password hash's cost. Never enable the profile
 * in production: {@code /bench/hash-cost} spends CPU on request. A run-time check rather
 * than {@code @Profile}, which Spring AOT would settle at build time
 * ({@link SwitchedRoutes}).
 */
@Configuration(proxyBeanMethods = false)
class BenchRoutes {

	static final String PROFILE = "bench";

	static final String FLOOR = "/bench/floor";

	static final String HASH_COST = "/bench/hash-cost";

	@Bean
	BenchHandler benchHandler(PasswordHasher hasher) {
		return new BenchHandler(hasher);
	}

	@Bean
	RouterFunction<ServerResponse> benchRouter(BenchHandler handler, Environment environment) {
		return SwitchedRoutes.only(environment.matchesProfiles(PROFILE),
				RouterFunctions.route().GET(FLOOR, handler::floor).GET(HASH_COST, handler::hashCost).build());
	}

}
