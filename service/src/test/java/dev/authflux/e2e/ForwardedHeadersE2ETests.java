package dev.authflux.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.AuthClient.Tokens;
import dev.authflux.support.ServiceProcess;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that writes its own {@code X-Forwarded-For} or {@code Forwarded} header, to
 * escape the per-IP rule or to frame another address, on a platform Spring Boot detects:
 * Kubernetes, detected from the environment variables it gives every pod. Boot would then
 * turn on Netty's own forwarded-header handling unless the service pins it off, and the
 * forged address would become the peer.
 */
@Tag("e2e")
class ForwardedHeadersE2ETests extends ApplicationTest {

	private static final String FORGED = "203.0.113.78";

	@Autowired
	private DatabaseClient db;

	@Test
	void aForgedForwardedForIsIgnoredOnADetectedKubernetesPlatform() throws Exception {
		try (ServiceProcess service = ServiceProcess.start("forwarded-headers-service",
				"KUBERNETES_SERVICE_HOST=10.96.0.1", "KUBERNETES_SERVICE_PORT=443")) {
			service.awaitReady(Duration.ofMinutes(2));
			WebTestClient forging = WebTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + service.port())
				.defaultHeader("X-Forwarded-For", FORGED)
				.defaultHeader("Forwarded", "for=" + FORGED)
				.defaultHeader("X-Forwarded-Proto", "https")
				.defaultHeader("X-Forwarded-Host", "attacker.example")
				.build();
			AuthClient client = new AuthClient(forging);
			TestUsers.Credentials user = TestUsers.unique("forwarded");
			String userId = (String) client.register(user).get("id");
			client.post("/api/v1/sessions", new TestUsers.Credentials(user.username(), "wrong password").json())
				.expectStatus()
				.isUnauthorized();
			Tokens tokens = client.login(user);

			List<Map<String, Object>> events = this.db
				.sql("SELECT event, ip FROM audit_events WHERE user_id = :userId ORDER BY id")
				.bind("userId", UUID.fromString(userId))
				.fetch()
				.all()
				.collectList()
				.block();
			assertThat(events).extracting((event) -> event.get("event"))
				.containsExactly("registered", "login_failed", "login_succeeded");
			assertThat(events).extracting((event) -> event.get("ip")).containsOnly("127.0.0.1");
			client.withToken("GET", "/api/v1/sessions", tokens.accessToken(), null)
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.sessions[0].ip")
				.isEqualTo("127.0.0.1");
		}
	}

}
