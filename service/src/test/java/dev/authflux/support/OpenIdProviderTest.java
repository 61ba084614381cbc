package dev.authflux.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ApplicationTest} whose issuer is its own base URL, as a deployed OpenID
 * Provider's is: what clients that configure themselves from discovery require (they
 * compare the published {@code issuer} with the URL they were given, character for
 * character). Its port is therefore chosen before the application starts. One application
 * context, shared by every subclass, beside {@link ApplicationTest}'s.
 */
public abstract class OpenIdProviderTest extends ApplicationTest {

	private static final int PORT = freePort();

	/** The issuer, {@code http://localhost:<port>}: also the base URL. */
	public static final String ISSUER = "http://localhost:" + PORT;

	@DynamicPropertySource
	static void issuer(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		// Any free port, as SpringBootTest's random port does for the public one.
		registry.add("management.server.port", () -> 0);
		registry.add("authflux.token.issuer", () -> ISSUER);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
