package dev.authflux.support;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.authflux.support.OperatorCalls.JSON_OBJECT;

/**
 * The client registry and the token endpoint as the tests call them: operators with the
 * admin client's credentials, OAuth clients with their own.
 */
public final class OAuthCalls {

	public static final String CLIENTS = "/api/v1/admin/clients";

	public static final String TOKEN = "/oauth2/token";

	private OAuthCalls() {
	}

	/** A machine client of the client credentials grant, HTTP Basic, with this scope. */
	public static String machine(String name, String scope) {
		return "{\"client_name\":\"" + name + "\",\"grant_types\":[\"client_credentials\"],\"scope\":\"" + scope
				+ "\"}";
	}

	/** As {@link #machine}, authenticating with {@code client_secret_post}. */
	public static String machinePost(String name, String scope) {
		return "{\"client_name\":\"" + name + "\",\"grant_types\":[\"client_credentials\"],"
				+ "\"token_endpoint_auth_method\":\"client_secret_post\",\"scope\":\"" + scope + "\"}";
	}

	/** A web app of the authorization code flow. */
	public static String webApp(String name) {
		return "{\"client_name\":\"" + name + "\",\"redirect_uris\":[\"https://app.example.test/callback\"],"
				+ "\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"scope\":\"openid profile\"}";
	}

	/** An operator's request with a JSON body, sent as written. */
	public static WebTestClient.ResponseSpec admin(WebTestClient http, HttpMethod method, String path, String json) {
		WebTestClient.RequestBodySpec request = http.method(method)
			.uri((base) -> URI.create(base.build() + path))
			.headers((headers) -> headers.setBasicAuth(ApplicationTest.ADMIN_CLIENT, ApplicationTest.ADMIN_SECRET));
		return (json != null) ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange()
				: request.exchange();
	}

	/** Registers a client; the answer of 201, secret included. */
	public static Map<String, Object> register(WebTestClient http, String json) {
		return admin(http, HttpMethod.POST, CLIENTS, json).expectStatus()
			.isCreated()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	/** HTTP Basic as RFC 6749 §2.3.1 has it: id and secret form-urlencoded first. */
	public static String basic(String clientId, String secret) {
		String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
				+ URLEncoder.encode(secret, StandardCharsets.UTF_8);
		return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A token request with this form body.
	 * @param authorization the {@code Authorization} header, or null
	 */
	public static WebTestClient.ResponseSpec token(WebTestClient http, String authorization, String form) {
		return http.post().uri(TOKEN).headers((headers) -> {
			if (authorization != null) {
				headers.set(HttpHeaders.AUTHORIZATION, authorization);
			}
		}).contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue(form).exchange();
	}

	/**
	 * The client credentials grant of a registered client, HTTP Basic; the answer of 200.
	 */
	public static Map<String, Object> clientCredentials(WebTestClient http, Map<String, Object> client, String form) {
		return token(http, basic((String) client.get("client_id"), (String) client.get("client_secret")), form)
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

}
