import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.authflux.web.WebProperties;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/**
 * One rung of the floor ladder (bench/ladder/run.sh): GET /floor answering {"status":"ok"}
 * on Reactor Netty, with one more layer of the service's stack per rung, to show where
 * the CPU of a trivial request goes (docs/performance.md, "Where the floor goes").
 * Usage: FloorLadder RUNG PORT, RUNG one of netty, router, dispatcher, filters.
 */
public class FloorLadder {

	public static void main(String[] args) throws InterruptedException {
		String rung = args[0];
		HttpServer server = HttpServer.create().host("127.0.0.1").port(Integer.parseInt(args[1]));
		server = switch (rung) {
			case "netty" -> server.route((routes) -> routes.get("/floor", (request, response) -> response
				.header("Content-Type", "application/json")
				.sendByteArray(Mono.just("{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8)))));
			case "router" -> server.handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(floor())));
			case "dispatcher", "filters" -> server.handle(new ReactorHttpHandlerAdapter(
					WebHttpHandlerBuilder.applicationContext(context(rung.equals("filters"))).build()));
			default -> throw new IllegalArgumentException("unknown rung " + rung);
		};
		server.bindNow();
		System.out.println("ready " + rung);
		Thread.currentThread().join();
	}

	static RouterFunction<ServerResponse> floor() {
		return RouterFunctions.route()
			.GET("/floor", (request) -> ServerResponse.ok().bodyValue(Map.of("status", "ok")))
			.build();
	}

	static AnnotationConfigApplicationContext context(boolean withFilters) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.register(Dispatcher.class);
		if (withFilters) {
			context.register(ServiceFilters.class);
		}
		context.refresh();
		return context;
	}

	@Configuration
	@EnableWebFlux
	static class Dispatcher {

		@Bean
		RouterFunction<ServerResponse> floorRoute() {
			return floor();
		}

	}

	/**
	 * The service's own web layer, without Spring Boot: web/WebConfiguration itself (package
	 * private, hence by name) and the beans Spring Boot would give it.
	 */
	@Configuration
	@Import(WebConfigurationByName.class)
	static class ServiceFilters {

		/** The service's defaults, from the record's own {@code @DefaultValue}s. */
		@Bean
		WebProperties webProperties() {
			return Binder.get(new StandardEnvironment()).bindOrCreate("authflux.web", WebProperties.class);
		}

		@Bean
		JsonMapper jsonMapper() {
			return JsonMapper.builder().build();
		}

		@Bean
		Validator validator() {
			return Validation.buildDefaultValidatorFactory().getValidator();
		}

	}

	static class WebConfigurationByName implements ImportSelector {

		@Override
		public String[] selectImports(AnnotationMetadata metadata) {
			return new String[] { "dev.authflux.web.WebConfiguration" };
		}

	}

}
