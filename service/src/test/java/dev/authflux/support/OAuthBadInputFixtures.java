package dev.authflux.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.authflux.support.BadRequests.Endpoint;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.authflux.support.ApplicationTest.ADMIN_CLIENT;
import static dev.authflux.support.ApplicationTest.ADMIN_SECRET;
import static dev.authflux.support.ApplicationTest.INTROSPECTION_CLIENT;
import static dev.authflux.support.ApplicationTest.INTROSPECTION_SECRET;
import static dev.authflux.support.BadInputCheck.BODY_LIMIT;
import static dev.authflux.support.BadInputCheck.SEED;
import static dev.authflux.support.OAuthCalls.basic;

/**
 * Bad requests to the token endpoint and the operators' client registry. The token
 * endpoint answers every one of them in RFC 6749 §5.2's shape; the registry with problem
 * documents, RFC 7591's {@code error} among their members.
 */
public final class OAuthBadInputFixtures {

	private static final Refusal INVALID_REQUEST = Refusal.oauth(400, "invalid_request");

	private static final Refusal INVALID_CLIENT = Refusal.oauth(401, "invalid_client");

	private final String clientId;

	private final String secret;

	private final String clientPath;

	public OAuthBadInputFixtures(WebTestClient http) {
		Map<String, Object> client = OAuthCalls.register(http, OAuthCalls.machine("bad input", "orders:read"));
		this.clientId = (String) client.get("client_id");
		this.secret = (String) client.get("client_secret");
		this.clientPath = OAuthCalls.CLIENTS + "/" + this.clientId;
	}

	/** {@code POST /oauth2/token}, with the client's right credentials unless noted. */
	public List<BadRequest> tokenRequests() {
		String name = "POST " + OAuthCalls.TOKEN;
		String client = basic(this.clientId, this.secret);
		String good = "grant_type=client_credentials";
		List<BadRequest> requests = new ArrayList<>();
		for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)) {
			requests.add(form(name, "method " + method, method, client, good, Refusal.oauth(405, "invalid_request")));
		}
		for (String type : List.of("application/json", "text/plain", "multipart/form-data; boundary=x", "garbage", "/",
				"application/x-www-form-urlencoded; charset=nonexistent")) {
			requests.add(BadRequest.to(name, "Content-Type " + type, HttpMethod.POST, OAuthCalls.TOKEN, INVALID_REQUEST)
				.header(HttpHeaders.AUTHORIZATION, client)
				.header(HttpHeaders.CONTENT_TYPE, type)
				.body(good.getBytes(StandardCharsets.UTF_8), false)
				.secrets(this.secret));
		}
		requests.add(BadRequest.to(name, "no Content-Type", HttpMethod.POST, OAuthCalls.TOKEN, INVALID_REQUEST)
			.header(HttpHeaders.AUTHORIZATION, client)
			.body(good.getBytes(StandardCharsets.UTF_8), false)
			.secrets(this.secret));
		Map<String, Refusal> forms = new LinkedHashMap<>();
		forms.put("", INVALID_REQUEST);
		forms.put("grant_type=", INVALID_REQUEST);
		forms.put("grant_type", INVALID_REQUEST);
		forms.put("&&&", INVALID_REQUEST);
		forms.put("grant_type=%", INVALID_REQUEST);
		forms.put("grant_type=%ZZ", INVALID_REQUEST);
		forms.put(good + "&grant_type=client_credentials", INVALID_REQUEST);
		forms.put(good + "&scope=orders:read&scope=orders:read", INVALID_REQUEST);
		forms.put(good + "&client_secret=" + this.secret, INVALID_REQUEST);
		forms.put(good + "&client_id=someone-else", INVALID_REQUEST);
		forms.put("grant_type=password&username=a&password=b", Refusal.oauth(400, "unsupported_grant_type"));
		// This client is a machine client, not one of the code flow.
		forms.put("grant_type=authorization_code&code=x", Refusal.oauth(400, "unauthorized_client"));
		forms.put("grant_type=refresh_token&refresh_token=x", Refusal.oauth(400, "unauthorized_client"));
		forms.put("grant_type=%C3%28", Refusal.oauth(400, "unsupported_grant_type"));
		forms.put("grant_type=" + "x".repeat(15_000), Refusal.oauth(400, "unsupported_grant_type"));
		forms.put(good + "&scope=orders:write", Refusal.oauth(400, "invalid_scope"));
		forms.put(good + "&scope=%22orders:read%22", Refusal.oauth(400, "invalid_scope"));
		forms.put(good + "&scope=orders:read%5C", Refusal.oauth(400, "invalid_scope"));
		forms.put(good + "&scope=%0Aorders:read", Refusal.oauth(400, "invalid_scope"));
		forms.forEach((form, refusal) -> requests
			.add(form(name, "form: " + BadInputCheck.abbreviated(form), HttpMethod.POST, client, form, refusal)));
		for (boolean chunked : new boolean[] { false, true }) {
			requests.add(form(name, "form of 17000 bytes" + (chunked ? ", chunked" : ""), HttpMethod.POST, client,
					good + "&x=" + "x".repeat(17_000), Refusal.oauth(413, "invalid_request"))
				.body((good + "&x=" + "x".repeat(17_000)).getBytes(StandardCharsets.UTF_8), chunked));
		}
		Map<String, String> credentials = new LinkedHashMap<>();
		credentials.put("no client credentials", null);
		credentials.put("wrong secret", basic(this.clientId, "wrong secret"));
		credentials.put("secret with a trailing space", basic(this.clientId, this.secret + " "));
		credentials.put("empty secret", basic(this.clientId, ""));
		credentials.put("unknown client", basic("no-such-client", this.secret));
		credentials.put("the admin client", basic(ADMIN_CLIENT, ADMIN_SECRET));
		credentials.put("the introspection client", basic(INTROSPECTION_CLIENT, INTROSPECTION_SECRET));
		credentials.put("Basic without credentials", "Basic ");
		credentials.put("Basic, not base64", "Basic !!!not-base64!!!");
		credentials.put("Basic, no colon", "Basic "
				+ java.util.Base64.getEncoder().encodeToString(this.clientId.getBytes(StandardCharsets.UTF_8)));
		credentials.put("Basic, broken percent-escape", "Basic " + java.util.Base64.getEncoder()
			.encodeToString((this.clientId + ":%ZZ").getBytes(StandardCharsets.UTF_8)));
		credentials.put("a secret of 4 KiB", basic(this.clientId, "s".repeat(4096)));
		credentials.put("a Bearer token", "Bearer " + this.secret);
		credentials.forEach((description, authorization) -> {
			Refusal refusal = (authorization != null && authorization.startsWith("Basic"))
					? INVALID_CLIENT.withChallenge("Basic realm=\"authflux\"") : INVALID_CLIENT;
			requests.add(form(name, "client: " + description, HttpMethod.POST, authorization, good, refusal));
		});
		requests.add(form(name, "client: the id in the form, no secret", HttpMethod.POST, null,
				good + "&client_id=" + this.clientId, INVALID_CLIENT));
		requests.add(form(name, "client: post instead of the registered basic", HttpMethod.POST, null,
				good + "&client_id=" + this.clientId + "&client_secret=" + this.secret, INVALID_CLIENT));
		return requests;
	}

	/** {@code POST /oauth2/revoke}, with the client's right credentials unless noted. */
	public List<BadRequest> revocationRequests() {
		String name = "POST /oauth2/revoke";
		String client = basic(this.clientId, this.secret);
		List<BadRequest> requests = new ArrayList<>();
		for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)) {
			requests.add(revocation(name, "method " + method, method, client, "token=x",
					Refusal.oauth(405, "invalid_request")));
		}
		Map<String, Refusal> forms = new LinkedHashMap<>();
		forms.put("", INVALID_REQUEST);
		forms.put("token=", INVALID_REQUEST);
		forms.put("token=%ZZ", INVALID_REQUEST);
		forms.put("token=a&token=b", INVALID_REQUEST);
		forms.put("token=a&token_type_hint=a&token_type_hint=b", INVALID_REQUEST);
		forms.forEach((form, refusal) -> requests
			.add(revocation(name, "form: " + BadInputCheck.abbreviated(form), HttpMethod.POST, client, form, refusal)));
		requests.add(revocation(name, "client: none", HttpMethod.POST, null, "token=x", INVALID_CLIENT));
		requests.add(revocation(name, "client: wrong secret", HttpMethod.POST, basic(this.clientId, "wrong"), "token=x",
				INVALID_CLIENT.withChallenge("Basic realm=\"authflux\"")));
		requests.add(
				BadRequest.to(name, "Content-Type application/json", HttpMethod.POST, "/oauth2/revoke", INVALID_REQUEST)
					.header(HttpHeaders.AUTHORIZATION, client)
					.header(HttpHeaders.CONTENT_TYPE, "application/json")
					.body("{\"token\":\"x\"}".getBytes(StandardCharsets.UTF_8), false)
					.secrets(this.secret));
		return requests;
	}

	/** {@code /api/v1/admin/clients} and one client's paths. */
	public List<BadRequest> registryRequests() {
		String admin = basic(ADMIN_CLIENT, ADMIN_SECRET);
		String plausible = OAuthCalls.machine("plausible", "orders:read");
		List<BadRequest> requests = new ArrayList<>();
		Endpoint create = new Endpoint(HttpMethod.POST, OAuthCalls.CLIENTS, Set.of(HttpMethod.GET, HttpMethod.POST),
				admin, List.of(), plausible, null, false, List.of(ADMIN_SECRET, this.secret));
		requests.addAll(BadRequests.forEndpoint(create, SEED, BODY_LIMIT));
		requests.addAll(json(create, HttpMethod.POST, OAuthCalls.CLIENTS, admin));
		Endpoint replace = new Endpoint(HttpMethod.PUT, this.clientPath,
				Set.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE), admin, List.of(), plausible, null, false,
				List.of(ADMIN_SECRET, this.secret));
		requests.addAll(BadRequests.forEndpoint(replace, SEED, BODY_LIMIT));
		requests.addAll(json(replace, HttpMethod.PUT, this.clientPath, admin));
		Refusal invalidClient = Refusal.problem(401, "invalid_client").withChallenge("Basic realm=\"authflux\"");
		Map<String, String> clients = new LinkedHashMap<>();
		clients.put("no client credentials", null);
		clients.put("wrong secret", basic(ADMIN_CLIENT, "wrong secret"));
		clients.put("the OAuth client itself", basic(this.clientId, this.secret));
		clients.put("the introspection client", basic(INTROSPECTION_CLIENT, INTROSPECTION_SECRET));
		List<String[]> all = List.of(new String[] { "POST", OAuthCalls.CLIENTS },
				new String[] { "GET", OAuthCalls.CLIENTS }, new String[] { "GET", this.clientPath },
				new String[] { "PUT", this.clientPath }, new String[] { "DELETE", this.clientPath },
				new String[] { "POST", this.clientPath + "/disable" },
				new String[] { "POST", this.clientPath + "/enable" });
		for (String[] call : all) {
			clients.forEach((description, authorization) -> {
				BadRequest request = BadRequest
					.to("operator: clients", call[0] + " " + call[1] + ", client: " + description,
							HttpMethod.valueOf(call[0]), call[1], invalidClient)
					.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
					.body(plausible.getBytes(StandardCharsets.UTF_8), false)
					.secrets(ADMIN_SECRET, this.secret);
				requests
					.add((authorization != null) ? request.header(HttpHeaders.AUTHORIZATION, authorization) : request);
			});
		}
		for (String id : List.of("no-such-client", "a%20b", "%00", "x".repeat(65), "..%2F..%2Fusers")) {
			for (String[] call : List.of(new String[] { "GET", "" }, new String[] { "DELETE", "" },
					new String[] { "POST", "/disable" }, new String[] { "POST", "/enable" })) {
				requests.add(BadRequest
					.to("operator: client id", call[0] + " " + id + call[1], HttpMethod.valueOf(call[0]),
							OAuthCalls.CLIENTS + "/" + id + call[1], Refusal.problem(404, "not_found"))
					.header(HttpHeaders.AUTHORIZATION, admin)
					.secrets(ADMIN_SECRET));
			}
		}
		return requests;
	}

	/** JSON that is not a body, or metadata that breaks a rule. */
	private List<BadRequest> json(Endpoint endpoint, HttpMethod method, String path, String admin) {
		Map<String, Refusal> bodies = new LinkedHashMap<>();
		Refusal malformed = Refusal.problem(400, "malformed_request");
		Refusal invalid = Refusal.problem(400, "invalid_client_metadata");
		bodies.put("{", malformed);
		bodies.put("[]", malformed);
		bodies.put("\"client\"", malformed);
		bodies.put("null", malformed);
		bodies.put("{}", invalid);
		bodies.put("{\"client_name\":null}", invalid);
		bodies.put("{\"client_name\":[\"x\"]}", invalid);
		bodies.put("{\"client_name\":\"x\",\"grant_types\":\"client_credentials\"}", invalid);
		bodies.put("{\"client_name\":\"x\",\"grant_types\":[\"client_credentials\"],\"scope\":\"orders:delete\"}",
				invalid);
		bodies.put("{\"client_name\":\"x\",\"redirect_uris\":[\"https://evil.example.test/#\"]}",
				Refusal.problem(400, "invalid_redirect_uri"));
		List<BadRequest> requests = new ArrayList<>();
		bodies.forEach((body,
				refusal) -> requests.add(BadRequest
					.to(endpoint.name(), "body: " + BadInputCheck.abbreviated(body), method, path, refusal)
					.header(HttpHeaders.AUTHORIZATION, admin)
					.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
					.body(body.getBytes(StandardCharsets.UTF_8), false)
					.secrets(ADMIN_SECRET, this.secret)));
		for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "garbage")) {
			requests.add(BadRequest
				.to(endpoint.name(), "Content-Type " + type, method, path,
						Refusal.problem(415, "unsupported_media_type"))
				.header(HttpHeaders.AUTHORIZATION, admin)
				.header(HttpHeaders.CONTENT_TYPE, type)
				.body(OAuthCalls.machine("x", "orders:read").getBytes(StandardCharsets.UTF_8), false)
				.secrets(ADMIN_SECRET, this.secret));
		}
		return requests;
	}

	private BadRequest revocation(String name, String description, HttpMethod method, String authorization, String form,
			Refusal refusal) {
		BadRequest request = BadRequest.to(name, description, method, "/oauth2/revoke", refusal)
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_FORM_URLENCODED_VALUE)
			.body(form.getBytes(StandardCharsets.UTF_8), false)
			.secrets(this.secret, ADMIN_SECRET, INTROSPECTION_SECRET);
		return (authorization != null) ? request.header(HttpHeaders.AUTHORIZATION, authorization) : request;
	}

	private BadRequest form(String name, String description, HttpMethod method, String authorization, String form,
			Refusal refusal) {
		BadRequest request = BadRequest.to(name, description, method, OAuthCalls.TOKEN, refusal)
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_FORM_URLENCODED_VALUE)
			.body(form.getBytes(StandardCharsets.UTF_8), false)
			.secrets(this.secret, ADMIN_SECRET, INTROSPECTION_SECRET);
		return (authorization != null) ? request.header(HttpHeaders.AUTHORIZATION, authorization) : request;
	}

}
