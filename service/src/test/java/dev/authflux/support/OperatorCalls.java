package dev.authflux.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator API as the tests call it: with the admin client's credentials, and paths
 * sent as written.
 */
public final class OperatorCalls {

	public static final String USERS = "/api/v1/admin/users";

	public static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private OperatorCalls() {
	}

	public static WebTestClient.ResponseSpec admin(WebTestClient http, HttpMethod method, String path) {
		// As written: a URI template would encode the escapes the tests send on purpose.
		return http.method(method)
			.uri((base) -> URI.create(base.build() + path))
			.headers((headers) -> headers.setBasicAuth(ApplicationTest.ADMIN_CLIENT, ApplicationTest.ADMIN_SECRET))
			.exchange();
	}

	/** Every operator call, for the user of this id. */
	public static List<AdminCall> everyCall(String id) {
		return List.of(new AdminCall(HttpMethod.GET, USERS + "?username=someone"),
				new AdminCall(HttpMethod.POST, USERS + "/" + id + "/disable"),
				new AdminCall(HttpMethod.POST, USERS + "/" + id + "/enable"),
				new AdminCall(HttpMethod.DELETE, USERS + "/" + id + "/sessions"),
				new AdminCall(HttpMethod.DELETE, USERS + "/" + id + "/login-failures"));
	}

	/** The one account the operator finds by this name. */
	public static Map<String, Object> found(WebTestClient http, String username) {
		Map<String, Object> body = admin(http, HttpMethod.GET, USERS + "?username=" + username).expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> users = (List<Map<String, Object>>) body.get("users");
		assertThat(users).hasSize(1);
		return users.get(0);
	}

	/** What a resource server learns about the token. */
	public static WebTestClient.BodyContentSpec introspect(WebTestClient http, String token) {
		return http.post()
			.uri("/api/v1/introspect")
			.headers((headers) -> headers.setBasicAuth(ApplicationTest.INTROSPECTION_CLIENT,
					ApplicationTest.INTROSPECTION_SECRET))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("token=" + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody();
	}

	public static long liveSessionsOf(DatabaseClient db, String userId) {
		return db.sql("SELECT count(*) AS live FROM sessions WHERE user_id = :id::uuid AND revoked_at IS NULL")
			.bind("id", userId)
			.map((row) -> row.get("live", Long.class))
			.one()
			.block();
	}

	/**
	 * The status of an operator request sent as written, for what no HTTP client sends: a
	 * broken percent-escape.
	 */
	public static int rawStatus(String baseUrl, String methodAndTarget) throws IOException {
		String credentials = Base64.getEncoder()
			.encodeToString((ApplicationTest.ADMIN_CLIENT + ":" + ApplicationTest.ADMIN_SECRET)
				.getBytes(StandardCharsets.US_ASCII));
		URI base = URI.create(baseUrl);
		try (Socket socket = new Socket(base.getHost(), base.getPort())) {
			socket.getOutputStream()
				.write((methodAndTarget + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + credentials
						+ "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String statusLine = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
			return Integer.parseInt(statusLine.split(" ")[1]);
		}
	}

	public record AdminCall(HttpMethod method, String path) {
	}

}
