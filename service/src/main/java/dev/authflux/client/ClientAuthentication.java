package dev.authflux.client;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

import dev.authflux.audit.ClientInfo;
import dev.authflux.throttle.ClientAuthenticationThrottle;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Authenticates the OAuth client of a token request (RFC 6749 §2.3, §3.2.1) in the way it
 * registered: {@code client_secret_basic} (HTTP Basic, id and secret form-urlencoded
 * before Base64), {@code client_secret_post} ({@code client_id} and {@code client_secret}
 * in the form) or {@code none} (a public client: {@code client_id} in the form only). An
 * unknown or disabled client, a wrong secret and another method than the registered one
 * fail alike with {@code invalid_client}; every failure is counted, audited and throttled
 * per client network like the other API clients' ({@link ClientAuthenticationThrottle}).
 * The check is a SHA-256 and, after a client's first request on an instance, no database
 * lookup ({@link ClientCache}).
 */
@Component
public class ClientAuthentication {

	private static final String BASIC = "Basic ";

	private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private final ClientCache clients;

	private final ClientAuthenticationThrottle throttle;

	ClientAuthentication(ClientCache clients, ClientAuthenticationThrottle throttle) {
		this.clients = clients;
		this.throttle = throttle;
	}

	/**
	 * The authenticated client, or {@link ClientAuthenticationException}; while the
	 * caller's network is throttled, {@code TooManyAttemptsException} without a lookup.
	 * @param form the request's form parameters, already read
	 * @param client who is calling, for the audit and the throttle
	 */
	public Mono<RegisteredClient> authenticate(ServerRequest request, MultiValueMap<String, String> form,
			ClientInfo client) {
		return Mono.defer(() -> {
			Presented presented = presented(request.headers().firstHeader(HttpHeaders.AUTHORIZATION), form);
			String name = "oauth_client:" + (isClientId(presented.clientId()) ? presented.clientId() : "?");
			return this.throttle.authenticate(client, name, check(presented),
					() -> ClientAuthenticationException.failed(presented.basic()));
		});
	}

	private Mono<RegisteredClient> check(Presented presented) {
		if (!isClientId(presented.clientId()) || presented.method() == null) {
			return Mono.empty();
		}
		return this.clients.find(presented.clientId())
			.filter((stored) -> accepts(stored, presented))
			.map(StoredClient::client);
	}

	private static boolean accepts(StoredClient stored, Presented presented) {
		RegisteredClient client = stored.client();
		boolean secretRight = (presented.method() == AuthMethod.NONE) ? stored.secretHash() == null
				: presented.secret() != null && ClientSecrets.matches(presented.secret(), stored.secretHash());
		return secretRight & !client.disabled() & client.metadata().tokenEndpointAuthMethod() == presented.method();
	}

	/** What the request presents; a method of null means nothing usable. */
	private static Presented presented(String authorization, MultiValueMap<String, String> form) {
		String formId = nonEmpty(form.getFirst("client_id"));
		String formSecret = nonEmpty(form.getFirst("client_secret"));
		if (authorization != null) {
			if (authorization.strip().equalsIgnoreCase(BASIC.strip())) {
				// The scheme without credentials: Basic was tried, and failed.
				return new Presented(null, null, null, true);
			}
			if (!authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
				return new Presented(null, null, null, false);
			}
			if (formSecret != null) {
				throw ClientAuthenticationException
					.malformed("The client authenticated with both HTTP Basic and client_secret.");
			}
			Presented basic = basic(authorization.substring(BASIC.length()).trim());
			if (formId != null && basic.clientId() != null && !formId.equals(basic.clientId())) {
				throw ClientAuthenticationException
					.malformed("The client_id of the form is not the client of HTTP Basic.");
			}
			return basic;
		}
		if (formSecret != null) {
			return new Presented(formId, formSecret, AuthMethod.CLIENT_SECRET_POST, false);
		}
		if (formId != null) {
			return new Presented(formId, null, AuthMethod.NONE, false);
		}
		return new Presented(null, null, null, false);
	}

	private static Presented basic(String credentials) {
		try {
			String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			if (colon < 0) {
				return new Presented(null, null, null, true);
			}
			return new Presented(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
					URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8),
					AuthMethod.CLIENT_SECRET_BASIC, true);
		}
		catch (IllegalArgumentException ex) {
			return new Presented(null, null, null, true);
		}
	}

	private static boolean isClientId(String value) {
		return value != null && CLIENT_ID.matcher(value).matches();
	}

	/** RFC 6749 §3.1: a parameter sent without a value is treated as omitted. */
	private static String nonEmpty(String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

	/**
	 * @param clientId the client it claims to be, or null
	 * @param secret the secret it presents, or null
	 * @param method how it authenticates, or null if in no usable way
	 * @param basic whether it tried HTTP Basic (the failure then carries a Basic
	 * challenge)
	 */
	private record Presented(String clientId, String secret, AuthMethod method, boolean basic) {

		@Override
		public String toString() {
			return "Presented[clientId=" + this.clientId + ", method=" + this.method + "]";
		}

	}

}
