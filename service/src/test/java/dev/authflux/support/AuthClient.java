package dev.authflux.support;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The calls a client of the API makes, over HTTP, for tests that walk a user's flow. */
public final class AuthClient {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final WebTestClient http;

	public AuthClient(WebTestClient http) {
		this.http = http;
	}

	public Map<String, Object> register(TestUsers.Credentials user) {
		return post("/api/v1/users", user.json()).expectStatus()
			.isCreated()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	/** Registers and logs in; returns the token response. */
	public Tokens registerAndLogin(TestUsers.Credentials user) {
		register(user);
		return login(user);
	}

	public Tokens login(TestUsers.Credentials user) {
		Map<String, Object> body = post("/api/v1/sessions", user.json()).expectStatus()
			.isCreated()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		return Tokens.of(body);
	}

	public WebTestClient.ResponseSpec refresh(String refreshToken) {
		return post("/api/v1/sessions/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}");
	}

	public Tokens refreshed(String refreshToken) {
		return Tokens
			.of(refresh(refreshToken).expectStatus().isOk().expectBody(JSON_OBJECT).returnResult().getResponseBody());
	}

	public WebTestClient.ResponseSpec me(String accessToken) {
		return this.http.get().uri("/api/v1/users/me").headers((h) -> h.setBearerAuth(accessToken)).exchange();
	}

	public void assertAccessTokenRejected(String accessToken) {
		me(accessToken).expectStatus()
			.isEqualTo(HttpStatus.UNAUTHORIZED)
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer error=\"invalid_token\"")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_token");
	}

	public WebTestClient.ResponseSpec post(String path, String json) {
		return this.http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
	}

	public WebTestClient.ResponseSpec withToken(String method, String path, String accessToken, String json) {
		WebTestClient.RequestBodySpec spec = this.http.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path)
			.headers((h) -> h.setBearerAuth(accessToken));
		if (json != null) {
			return spec.contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
		}
		return spec.exchange();
	}

	/**
	 * The body's bytes as they are, under the given {@code Content-Type}, or none at all
	 * when it is null: no encoder is involved, so none is added.
	 * @param accessToken a bearer token, or null
	 */
	public WebTestClient.ResponseSpec send(HttpMethod method, String path, String contentType, String body,
			String accessToken) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return this.http.method(method).uri(path).headers((headers) -> {
			if (contentType != null) {
				headers.set(HttpHeaders.CONTENT_TYPE, contentType);
			}
			if (accessToken != null) {
				headers.setBearerAuth(accessToken);
			}
			headers.setContentLength(bytes.length);
		})
			.body((message, context) -> message.writeWith(Mono.fromSupplier(() -> message.bufferFactory().wrap(bytes))))
			.exchange();
	}

	/** A token response of {@code POST /api/v1/sessions} or {@code /refresh}. */
	public record Tokens(String accessToken, String refreshToken, String sessionId, Map<String, Object> body) {

		public static Tokens of(Map<String, Object> body) {
			return new Tokens((String) body.get("access_token"), (String) body.get("refresh_token"),
					(String) body.get("session_id"), body);
		}

	}

}
