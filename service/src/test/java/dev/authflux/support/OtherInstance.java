package dev.authflux.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.authflux.AuthApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Another instance of the service, in this JVM, on its own port, sharing the test
 * database with the {@link ApplicationTest} instance: what two replicas behind a load
 * balancer are.
 */
public final class OtherInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final WebTestClient http;

	private OtherInstance(ConfigurableApplicationContext context) {
		this.context = context;
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		this.http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
	}

	/**
	 * @param settings extra application properties, {@code name=value}
	 */
	public static OtherInstance start(String... settings) {
		Map<String, Object> properties = new LinkedHashMap<>(TestDatabase.shared().properties());
		properties.putAll(TestMailServer.shared().properties());
		properties.put("server.port", "0");
		properties.put("management.server.port", "0");
		properties.put("authflux.introspection.client-secret", ApplicationTest.INTROSPECTION_SECRET);
		// As in ApplicationTest: the per-network counters are shared through the
		// database,
		// and a lower limit here would block 127.0.0.1 for every test.
		for (String rule : List.of("ip-max-failures", "registration-max-taken", "client-auth-max-failures")) {
			properties.put("authflux.throttle." + rule, Integer.toString(Integer.MAX_VALUE));
		}
		properties.put("authflux.password-reset.network-max-requests", Integer.toString(Integer.MAX_VALUE));
		for (String setting : settings) {
			int equals = setting.indexOf('=');
			properties.put(setting.substring(0, equals), setting.substring(equals + 1));
		}
		// As command-line arguments, not default properties: those rank below
		// application.yaml and the environment, so server.port=0 lost to the yaml's
		// ${PORT:8080} (the instance failed whenever anything listened on 8080) and an
		// exported AUTHFLUX_DB_* would have pointed it at another database.
		String[] args = properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		return new OtherInstance(
				new SpringApplicationBuilder(AuthApplication.class).initializers(OtherInstance::ownNettyResources)
					.run(args));
	}

	/**
	 * Event loops and connections of this instance's own: by default each instance uses
	 * Reactor Netty's global ones and disposes them when it closes, which took the
	 * management server of the {@link ApplicationTest} instance down with it.
	 */
	private static void ownNettyResources(ConfigurableApplicationContext context) {
		((GenericApplicationContext) context).registerBean(ReactorResourceFactory.class, () -> {
			ReactorResourceFactory resources = new ReactorResourceFactory();
			resources.setUseGlobalResources(false);
			return resources;
		});
	}

	public String baseUrl() {
		return "http://localhost:" + ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public WebTestClient http() {
		return this.http;
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
