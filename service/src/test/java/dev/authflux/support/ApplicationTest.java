package dev.authflux.support;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole application on a random port against {@link TestDatabase}, sending mail to
 * {@link TestMailServer}, reached over real HTTP. Every integration and e2e test extends
 * this one class, so they share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "authflux.introspection.client-secret=" + ApplicationTest.INTROSPECTION_SECRET,
				"authflux.admin.client-secret=" + ApplicationTest.ADMIN_SECRET,
				"authflux.mfa.encryption-key=" + ApplicationTest.MFA_ENCRYPTION_KEY,
				"authflux.clients.api-scopes=" + ApplicationTest.API_SCOPES,
				// Every test request comes from 127.0.0.1: the suite's
				// deliberate failures must not add up to throttling that
				// address. BruteForceE2ETests and AccountProtectionE2ETests
				// test the per-network rules on instances of their own.
				"authflux.throttle.ip-max-failures=" + Integer.MAX_VALUE,
				"authflux.throttle.registration-max-taken=" + Integer.MAX_VALUE,
				"authflux.throttle.client-auth-max-failures=" + Integer.MAX_VALUE,
				"authflux.password-reset.network-max-requests=" + Integer.MAX_VALUE })
public abstract class ApplicationTest {

	public static final String INTROSPECTION_CLIENT = "resource-server";

	/**
	 * Generated per run would be nicer, but it must be a compile-time constant for the
	 * annotation.
	 */
	public static final String INTROSPECTION_SECRET = "test-only-introspection-secret";

	public static final String ADMIN_CLIENT = "admin";

	/** As {@link #INTROSPECTION_SECRET}. */
	public static final String ADMIN_SECRET = "test-only-admin-secret";

	/**
	 * As {@link #INTROSPECTION_SECRET}: Base64 of 32 bytes, the AES key of TOTP secrets.
	 */
	public static final String MFA_ENCRYPTION_KEY = "dGVzdC1vbmx5LW1mYS1lbmNyeXB0aW9uLWtleS0zMmI=";

	/** The scopes of the operator's APIs that clients may be registered with. */
	public static final String API_SCOPES = "orders:read,orders:write";

	@LocalServerPort
	private int port;

	protected WebTestClient http;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.shared().registerProperties(registry);
		TestMailServer.shared().properties().forEach((name, value) -> registry.add(name, () -> value));
	}

	@BeforeEach
	void connectOverHttp() {
		this.http = WebTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
	}

	protected String baseUrl() {
		return "http://localhost:" + this.port;
	}

}
