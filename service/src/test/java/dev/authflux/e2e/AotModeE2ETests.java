package dev.authflux.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.HttpCalls;
import dev.authflux.support.HttpCalls.Answer;
import dev.authflux.support.ServiceProcess;
import dev.authflux.support.TestUsers;
import dev.authflux.support.TestUsers.Credentials;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service as {@code make run}, {@code make bench} and the Docker image start it: with
 * Spring AOT ({@code -Dspring.aot.enabled=true} in service/jvm.options), on the bean
 * definitions generated when the build ran {@code process-aot}. Every other test starts
 * the ordinary way, so this one shows that the generated definitions make a working
 * service, and that the switches given at run time still switch in this mode, where bean
 * conditions were settled at build time.
 */
@Tag("e2e")
class AotModeE2ETests extends ApplicationTest {

	private static final List<String> AOT = List.of("-Dspring.aot.enabled=true");

	private static final int ATTEMPTS = 5;

	@Test
	void defaultsWhenAotThenTheApiAndTheOriginalEndpointWork() throws IOException {
		try (ServiceProcess service = ServiceProcess.start("aot-defaults", AOT)) {
			service.awaitReady(Duration.ofMinutes(2));
			assertThat(service.output()).contains("Starting AOT-processed AuthApplication");
			HttpCalls calls = new HttpCalls(service.baseUrl());
			Credentials user = TestUsers.unique("aot");

			assertThat(send(calls, HttpMethod.POST, "/api/v1/users", null, user.json()).status()).isEqualTo(201);
			Answer login = send(calls, HttpMethod.POST, "/api/v1/sessions", null, user.json());
			assertThat(login.status()).as("%s", login).isEqualTo(201);
			Answer me = send(calls, HttpMethod.GET, "/api/v1/users/me", login.string("access_token"), null);
			assertThat(me.status()).as("%s", me).isEqualTo(200);
			assertThat(me.string("username")).isEqualTo(user.username());
			Answer original = send(calls, HttpMethod.POST, "/api/auth", null, user.json());
			assertThat(original.status()).as("%s", original).isEqualTo(200);
			assertThat(original.string("token")).isNotBlank();
		}
	}

	@ParameterizedTest(name = "spring.aot.enabled={0}")
	@ValueSource(booleans = { true, false })
	void switchesWhenGivenAtRunTimeThenFollowedWithOrWithoutAot(boolean aot) throws IOException {
		try (ServiceProcess service = ServiceProcess.start("aot-" + aot + "-switched",
				List.of("-Dspring.aot.enabled=" + aot), "AUTHFLUX_COMPAT_ENABLED=false")) {
			service.awaitReady(Duration.ofMinutes(2));
			HttpCalls calls = new HttpCalls(service.baseUrl());
			Credentials user = TestUsers.unique("aot");

			Answer original = send(calls, HttpMethod.POST, "/api/auth", null, user.json());
			assertThat(original.status()).as("AUTHFLUX_COMPAT_ENABLED=false: %s", original).isEqualTo(404);
		}
	}

	private static Answer send(HttpCalls calls, HttpMethod method, String path, String bearer, String json) {
		return calls.sendRetryingWhenOverloaded(method, path, bearer, json, ATTEMPTS).block();
	}

}
