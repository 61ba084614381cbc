package dev.authflux.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.authflux.support.BadBodies.Field;
import dev.authflux.support.BadBodies.Fault;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * The bad requests for one endpoint of the contract: bodies from {@link BadBodies}, wrong
 * content types and methods, oversized bodies and headers, and tokens from
 * {@link ForgedTokens}. Each request is otherwise a good one (it carries the right
 * credentials and a plausible body), so that only the fault under test can be the reason
 * for the refusal.
 */
public final class BadRequests {

	public static final String INVALID_TOKEN_CHALLENGE = "Bearer error=\"invalid_token\"";

	private static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
			HttpMethod.PATCH, HttpMethod.DELETE);

	private static final List<String> NOT_JSON_TYPES = List.of("text/plain", "application/xml", "text/html",
			"multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/octet-stream",
			"image/png", "garbage", "/", "application/json; charset=nonexistent", "application/json; charset=\"");

	private final Endpoint endpoint;

	private final List<BadRequest> requests = new ArrayList<>();

	private BadRequests(Endpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * An endpoint as a client calls it.
	 *
	 * @param method its method
	 * @param path its path
	 * @param allowed every method its path answers
	 * @param credentials the {@code Authorization} header of a good request, or null
	 * @param fields the members of its JSON body, empty for none
	 * @param plausibleBody a body that passes every body check, or null for none: sent
	 * with the faults that lie elsewhere (method, content type, headers), so that a
	 * service that let such a request through would act on it, and be caught
	 * @param refused the answer for a body the endpoint's rules refuse
	 * @param legacyErrors whether errors come as {@code {"errors": "..."}}
	 * @param secrets what no answer may echo
	 */
	public record Endpoint(HttpMethod method, String path, Set<HttpMethod> allowed, String credentials,
			List<Field> fields, String plausibleBody, Refusal refused, boolean legacyErrors, List<String> secrets) {

		public String name() {
			return this.method.name() + " " + this.path;
		}

	}

	/**
	 * Malformed, invalid and oversized bodies, wrong content types, methods and headers.
	 */
	public static List<BadRequest> forEndpoint(Endpoint endpoint, long seed, int bodyLimitBytes) {
		BadRequests generator = new BadRequests(endpoint);
		if (!endpoint.fields().isEmpty()) {
			generator.bodies(seed, bodyLimitBytes);
			generator.contentTypes();
		}
		else {
			generator.declaredOversizedBody(bodyLimitBytes);
		}
		generator.methods();
		generator.headers();
		return List.copyOf(generator.requests);
	}

	/**
	 * The endpoint called with each token instead of a valid one, and with malformed
	 * {@code Authorization} headers: all 401 {@code invalid_token}.
	 * @param body a body that would succeed with a valid token (the right password), or
	 * null
	 */
	public static List<BadRequest> withTokens(Endpoint endpoint, Map<String, String> tokens, String body) {
		BadRequests generator = new BadRequests(endpoint);
		Refusal invalid = Refusal.problem(401, "invalid_token").withChallenge(INVALID_TOKEN_CHALLENGE);
		tokens.forEach((description,
				token) -> generator.add(generator.anonymous("token: " + description, body, invalid)
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
					.secrets(token)));
		String valid = endpoint.credentials().substring("Bearer ".length());
		Map<String, String> headers = Map.of("Bearer without a token", "Bearer", "Bearer and a space", "Bearer ",
				"Basic credentials", "Basic dXNlcjpwYXNzd29yZA==", "another scheme, valid token", "Token " + valid,
				"tab after Bearer, valid token", "Bearer\t" + valid, "valid token and more", "Bearer " + valid + " x",
				"two tokens", "Bearer " + valid + "," + valid, "valid token, quoted", "Bearer \"" + valid + "\"");
		headers.forEach((description,
				header) -> generator.add(generator.anonymous("Authorization: " + description, body, invalid)
					.header(HttpHeaders.AUTHORIZATION, header)
					.secrets(valid)));
		generator.add(generator.anonymous("no Authorization", body,
				Refusal.problem(401, "missing_token").withChallenge("Bearer")));
		return List.copyOf(generator.requests);
	}

	private void bodies(long seed, int bodyLimitBytes) {
		for (BadBodies.Body body : BadBodies.generate(seed, bodyLimitBytes, this.endpoint.fields())) {
			BadRequest request = request(body.description(), this.endpoint.method(), refusalFor(body.fault()))
				.header(HttpHeaders.CONTENT_TYPE, "application/json")
				.body(body.bytes(), body.chunked());
			add(request);
		}
	}

	private void contentTypes() {
		for (String type : NOT_JSON_TYPES) {
			add(plausible("Content-Type " + type, this.endpoint.method(), refusal(415, "unsupported_media_type"),
					type));
		}
		add(plausible("no Content-Type", this.endpoint.method(), refusal(415, "unsupported_media_type"), null));
	}

	private void declaredOversizedBody(int bodyLimitBytes) {
		for (int size : new int[] { bodyLimitBytes + 1, 256 * 1024 }) {
			add(request("body of " + size + " bytes with Content-Length", this.endpoint.method(),
					refusalFor(Fault.TOO_LARGE))
				.header(HttpHeaders.CONTENT_TYPE, "application/json")
				.body("x".repeat(size).getBytes(StandardCharsets.US_ASCII), false));
		}
	}

	private void methods() {
		for (HttpMethod method : METHODS) {
			if (!this.endpoint.allowed().contains(method)) {
				add(plausible("method " + method.name(), method, refusal(405, "method_not_allowed"),
						"application/json"));
			}
		}
	}

	private void headers() {
		Refusal tooLarge = refusal(431, "headers_too_large");
		for (int size : new int[] { 8 * 1024 + 512, 16 * 1024, 48 * 1024 }) {
			add(plausible("a header of " + size + " bytes", this.endpoint.method(), tooLarge, "application/json")
				.header("X-Padding", "p".repeat(size)));
		}
		BadRequest many = plausible("300 headers of 40 bytes", this.endpoint.method(), tooLarge, "application/json");
		for (int i = 0; i < 300; i++) {
			many = many.header("X-Padding-" + i, "p".repeat(28));
		}
		add(many);
	}

	/** A good request but for the one fault its description names. */
	private BadRequest plausible(String description, HttpMethod method, Refusal refusal, String contentType) {
		BadRequest request = request(description, method, refusal);
		if (this.endpoint.plausibleBody() != null) {
			if (contentType != null) {
				request = request.header(HttpHeaders.CONTENT_TYPE, contentType);
			}
			request = request.body(this.endpoint.plausibleBody().getBytes(StandardCharsets.UTF_8), false);
		}
		return request;
	}

	/** With the endpoint's credentials. */
	private BadRequest request(String description, HttpMethod method, Refusal refusal) {
		BadRequest request = BadRequest.to(this.endpoint.name(), description, method, this.endpoint.path(), refusal)
			.secrets(this.endpoint.secrets().toArray(String[]::new));
		return (this.endpoint.credentials() != null)
				? request.header(HttpHeaders.AUTHORIZATION, this.endpoint.credentials()) : request;
	}

	/** Without credentials, with the given JSON body if any. */
	private BadRequest anonymous(String description, String body, Refusal refusal) {
		BadRequest request = BadRequest
			.to(this.endpoint.name(), description, this.endpoint.method(), this.endpoint.path(), refusal)
			.secrets(this.endpoint.secrets().toArray(String[]::new));
		return (body != null) ? request.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.body(body.getBytes(StandardCharsets.UTF_8), false) : request;
	}

	private Refusal refusalFor(Fault fault) {
		return switch (fault) {
			case MALFORMED -> refusal(400, "malformed_request");
			case INVALID -> refusal(400, "validation_failed");
			case TOO_LARGE -> refusal(413, "payload_too_large");
			case REFUSED ->
				this.endpoint.legacyErrors() ? this.endpoint.refused().inLegacyFormat() : this.endpoint.refused();
		};
	}

	private Refusal refusal(int status, String code) {
		Refusal refusal = Refusal.problem(status, code);
		return this.endpoint.legacyErrors() ? refusal.inLegacyFormat() : refusal;
	}

	private void add(BadRequest request) {
		this.requests.add(request);
	}

}
