package dev.authflux.e2e;

import java.util.List;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.OtherInstance;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code Strict-Transport-Security} header (RFC 6797): without it, a browser that
 * once reached the service over HTTPS may still be talked into plain HTTP by someone on
 * its network, and send a password there. It is off unless configured, since TLS
 * terminates in front of the service and only the operator knows it does.
 */
@Tag("e2e")
class StrictTransportSecurityE2ETests extends ApplicationTest {

	private static final String HEADER = "Strict-Transport-Security";

	@Test
	void withoutConfigurationNoResponseAsksForHttps() {
		assertEveryKindOfAnswerCarries(this.http, null);
	}

	@Test
	void whenEnabledEveryResponseKeepsBrowsersOnHttpsForTheConfiguredTime() {
		try (OtherInstance instance = OtherInstance.start("authflux.web.hsts.enabled=true",
				"authflux.web.hsts.max-age=2d", "authflux.web.hsts.include-sub-domains=true")) {
			assertEveryKindOfAnswerCarries(instance.http(), "max-age=172800; includeSubDomains");
		}
	}

	@Test
	void whenEnabledWithTheDefaultsSubdomainsAreLeftAlone() {
		try (OtherInstance instance = OtherInstance.start("authflux.web.hsts.enabled=true")) {
			assertEveryKindOfAnswerCarries(instance.http(), "max-age=31536000");
		}
	}

	/**
	 * A success, an error, the JWKS and a probe.
	 * @param expected the header's value, or null for no header
	 */
	private static void assertEveryKindOfAnswerCarries(WebTestClient http, String expected) {
		List<HttpHeaders> answers = List.of(
				new AuthClient(http).post("/api/v1/users", TestUsers.unique("hsts").json())
					.expectStatus()
					.isCreated()
					.returnResult(Void.class)
					.getResponseHeaders(),
				http.get()
					.uri("/api/v1/users/me")
					.exchange()
					.expectStatus()
					.isUnauthorized()
					.returnResult(Void.class)
					.getResponseHeaders(),
				http.get()
					.uri("/.well-known/jwks.json")
					.exchange()
					.expectStatus()
					.isOk()
					.returnResult(Void.class)
					.getResponseHeaders(),
				http.get()
					.uri("/livez")
					.exchange()
					.expectStatus()
					.isOk()
					.returnResult(Void.class)
					.getResponseHeaders());
		assertThat(answers).allSatisfy((headers) -> assertThat(headers.getFirst(HEADER)).isEqualTo(expected));
	}

}
