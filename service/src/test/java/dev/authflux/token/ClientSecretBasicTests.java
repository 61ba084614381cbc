package dev.authflux.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.ServerRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ClientSecretBasicTests {

	private final ClientSecretBasic client = new ClientSecretBasic("resource-server", "s3cret:with%colon");

	@Test
	void isAuthenticatedWhenFormEncodedCredentialsMatchThenTrue() {
		assertThat(this.client.isAuthenticated(request(basic("resource-server", "s3cret%3Awith%25colon")))).isTrue();
	}

	@Test
	void isAuthenticatedWhenSecretWrongOrMalformedThenFalse() {
		assertThat(this.client.isAuthenticated(request(basic("resource-server", "nope")))).isFalse();
		assertThat(this.client.isAuthenticated(request(basic("other", "s3cret%3Awith%25colon")))).isFalse();
		assertThat(this.client.isAuthenticated(request("Basic !!!not-base64"))).isFalse();
		assertThat(this.client.isAuthenticated(request("Basic " + encode("no-colon")))).isFalse();
		assertThat(this.client.isAuthenticated(request("Bearer abc"))).isFalse();
		assertThat(this.client.isAuthenticated(request(null))).isFalse();
	}

	@Test
	void isAuthenticatedWhenNoSecretConfiguredThenAlwaysFalse() {
		assertThat(new ClientSecretBasic("resource-server", "").isAuthenticated(request(basic("resource-server", ""))))
			.isFalse();
		assertThat(
				new ClientSecretBasic("resource-server", null).isAuthenticated(request(basic("resource-server", ""))))
			.isFalse();
	}

	private static String basic(String id, String secret) {
		return "Basic " + encode(id + ":" + secret);
	}

	private static String encode(String value) {
		return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

	private static ServerRequest request(String authorization) {
		MockServerHttpRequest.BaseBuilder<?> builder = MockServerHttpRequest.post("/api/v1/introspect");
		if (authorization != null) {
			builder.header("Authorization", authorization);
		}
		return ServerRequest.create(MockServerWebExchange.from(builder),
				HandlerStrategies.withDefaults().messageReaders());
	}

}
