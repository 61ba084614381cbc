package dev.authflux.audit;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.AuthClient.Tokens;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's life as the audit log tells it: every security event, with who, which session,
 * from where and with what client, and never a password or a token.
 */
@Tag("e2e")
class AuditLogE2ETests extends ApplicationTest {

	private static final String USER_AGENT = "audit-test-agent/1.0";

	@Autowired
	private DatabaseClient db;

	@Test
	void everySecurityEventIsRecordedWithoutSecrets() {
		WebTestClient browser = this.http.mutate().defaultHeader("User-Agent", USER_AGENT).build();
		AuthClient client = new AuthClient(browser);
		TestUsers.Credentials user = TestUsers.unique("audited");
		String userId = (String) client.register(user).get("id");
		client.post("/api/v1/sessions", new TestUsers.Credentials(user.username(), "wrong password").json())
			.expectStatus()
			.isUnauthorized();
		Tokens first = client.login(user);
		Tokens refreshed = client.refreshed(first.refreshToken());
		client.refresh(first.refreshToken()).expectStatus().isUnauthorized();
		Tokens second = client.login(user);
		Tokens third = client.login(user);
		client.withToken("DELETE", "/api/v1/sessions/" + third.sessionId(), second.accessToken(), null)
			.expectStatus()
			.isNoContent();
		String newPassword = "a brand new password";
		client
			.withToken("PUT", "/api/v1/users/me/password", second.accessToken(),
					"{\"current_password\":\"" + user.password() + "\",\"new_password\":\"" + newPassword + "\"}")
			.expectStatus()
			.isNoContent();
		client.withToken("DELETE", "/api/v1/sessions/current", second.accessToken(), null).expectStatus().isNoContent();
		Tokens last = client.login(new TestUsers.Credentials(user.username(), newPassword));
		client.withToken("DELETE", "/api/v1/users/me", last.accessToken(), "{\"password\":\"" + newPassword + "\"}")
			.expectStatus()
			.isNoContent();

		List<Map<String, Object>> events = eventsOf(UUID.fromString(userId));
		assertThat(events).extracting((event) -> event.get("event"))
			.containsExactly("registered", "login_failed", "login_succeeded", "refresh_reuse_detected",
					"login_succeeded", "login_succeeded", "sessions_revoked", "password_changed", "logout",
					"login_succeeded", "account_deleted");
		assertThat(events).allSatisfy((event) -> {
			assertThat(event.get("ip")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
			assertThat(event.get("user_agent")).isEqualTo(USER_AGENT);
		});
		assertThat(events.get(3).get("session_id")).isEqualTo(first.sessionId());
		assertThat(events.get(6)).containsEntry("session_id", third.sessionId()).containsEntry("detail", "revoked");

		String everything = events.toString();
		for (String secret : List.of(user.password(), newPassword, first.refreshToken(), first.accessToken(),
				refreshed.refreshToken(), refreshed.accessToken(), second.accessToken(), last.accessToken())) {
			assertThat(everything).doesNotContain(secret);
		}
		assertThat(everything).doesNotContain("$argon2id$");
	}

	@Test
	void throttledAttemptsAreRecorded() {
		AuthClient client = new AuthClient(this.http);
		TestUsers.Credentials user = TestUsers.unique("throttled");
		String userId = (String) client.register(user).get("id");
		for (int i = 0; i < 6; i++) {
			client.post("/api/v1/sessions", new TestUsers.Credentials(user.username(), "wrong password").json());
		}
		assertThat(eventsOf(UUID.fromString(userId))).extracting((event) -> event.get("event"))
			.containsExactly("registered", "login_failed", "login_failed", "login_failed", "login_failed",
					"login_failed", "login_throttled");
	}

	private List<Map<String, Object>> eventsOf(UUID userId) {
		return this.db.sql("""
				SELECT event, session_id::text AS session_id, ip, user_agent, detail FROM audit_events
				WHERE user_id = :userId ORDER BY id""").bind("userId", userId).fetch().all().collectList().block();
	}

}
