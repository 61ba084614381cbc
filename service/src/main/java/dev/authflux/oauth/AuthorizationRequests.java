package dev.authflux.oauth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.authflux.client.ClientMetadata;
import dev.authflux.client.RegisteredClient;
import dev.authflux.client.Scopes;

import org.springframework.util.MultiValueMap;

/**
 * The checks of an authorization request once its client and redirect URI are known good,
 * in the order the conformance suite expects: {@code response_type}, {@code request} and
 * {@code request_uri} (request objects are not supported), scope, PKCE (S256 only,
 * required of public clients), {@code prompt}, {@code max_age}. {@code display},
 * {@code ui_locales}, {@code claims_locales}, {@code acr_values}, {@code claims},
 * {@code response_mode} and unknown parameters are ignored; {@code id_token_hint} is the
 * endpoint's to check (it needs the signing keys).
 */
final class AuthorizationRequests {

	/** The parameter of return_to that names a pending sign-in. */
	static final String LOGIN_MARKER = "authflux_login";

	private static final List<String> SINGLE = List.of("client_id", "redirect_uri", "response_type", "scope", "state",
			"nonce", "code_challenge", "code_challenge_method", "prompt", "max_age", "login_hint", "request",
			"request_uri", "id_token_hint", LOGIN_MARKER);

	/** An S256 challenge is the base64url SHA-256 of the verifier: 43 characters. */
	private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

	private static final Set<String> PROMPTS = Set.of("none", "login", "consent", "select_account");

	private static final int NONCE_MAX = 512;

	private static final int LOGIN_HINT_MAX = 64;

	private AuthorizationRequests() {
	}

	/** The parameter's one value; null when absent or empty (RFC 6749 §3.1). */
	static String single(MultiValueMap<String, String> params, String name) {
		List<String> values = params.get(name);
		if (values == null || values.isEmpty() || values.get(0) == null || values.get(0).isEmpty()) {
			return null;
		}
		return values.get(0);
	}

	static boolean repeated(MultiValueMap<String, String> params, String name) {
		List<String> values = params.get(name);
		return values != null && values.size() > 1;
	}

	/**
	 * @throws AuthorizationRequestException for the first check that fails
	 */
	static AuthorizationRequest validate(MultiValueMap<String, String> params, RegisteredClient client) {
		for (String name : SINGLE) {
			if (repeated(params, name)) {
				throw AuthorizationRequestException.invalidRequest(name + " was sent more than once.");
			}
		}
		String responseType = single(params, "response_type");
		if (responseType == null) {
			throw AuthorizationRequestException.invalidRequest("response_type is required.");
		}
		if (!"code".equals(responseType)) {
			throw new AuthorizationRequestException("unsupported_response_type",
					"Only response_type code is supported.");
		}
		ClientMetadata metadata = client.metadata();
		if (!metadata.hasGrant(ClientMetadata.AUTHORIZATION_CODE)) {
			throw new AuthorizationRequestException("unauthorized_client",
					"The client is not registered for the authorization code grant.");
		}
		if (single(params, "request") != null) {
			throw new AuthorizationRequestException("request_not_supported", "Request objects are not supported.");
		}
		if (single(params, "request_uri") != null) {
			throw new AuthorizationRequestException("request_uri_not_supported", "request_uri is not supported.");
		}
		String scope = scope(params, metadata);
		String challenge = challenge(params, metadata);
		Set<String> prompt = prompt(single(params, "prompt"));
		Long maxAge = maxAge(single(params, "max_age"));
		String nonce = single(params, "nonce");
		if (nonce != null && nonce.length() > NONCE_MAX) {
			throw AuthorizationRequestException.invalidRequest("nonce is longer than " + NONCE_MAX + " characters.");
		}
		String loginHint = single(params, "login_hint");
		if (loginHint != null && loginHint.length() > LOGIN_HINT_MAX) {
			loginHint = null;
		}
		return new AuthorizationRequest(single(params, "redirect_uri"), scope, nonce, challenge, prompt, maxAge,
				loginHint, single(params, LOGIN_MARKER));
	}

	private static String scope(MultiValueMap<String, String> params, ClientMetadata metadata) {
		String scope = single(params, "scope");
		if (scope == null) {
			throw new AuthorizationRequestException("invalid_scope", "scope is required.");
		}
		Set<String> requested = Scopes.parse(scope);
		if (requested == null) {
			throw new AuthorizationRequestException("invalid_scope", "The scope is not a list of scope tokens.");
		}
		if (!metadata.scope().containsAll(requested)) {
			throw new AuthorizationRequestException("invalid_scope",
					"The scope is beyond what the client is registered for.");
		}
		return String.join(" ", requested);
	}

	private static String challenge(MultiValueMap<String, String> params, ClientMetadata metadata) {
		String challenge = single(params, "code_challenge");
		String method = single(params, "code_challenge_method");
		if (challenge == null) {
			if (method != null) {
				throw AuthorizationRequestException.invalidRequest("code_challenge_method without code_challenge.");
			}
			if (metadata.isPublic()) {
				throw AuthorizationRequestException
					.invalidRequest("A public client must send a code_challenge (PKCE, S256).");
			}
			return null;
		}
		if (!"S256".equals(method)) {
			throw AuthorizationRequestException.invalidRequest("code_challenge_method must be S256.");
		}
		if (!S256_CHALLENGE.matcher(challenge).matches()) {
			throw AuthorizationRequestException.invalidRequest("code_challenge is not an S256 challenge.");
		}
		return challenge;
	}

	private static Set<String> prompt(String prompt) {
		if (prompt == null) {
			return Set.of();
		}
		Set<String> values = new LinkedHashSet<>(List.of(prompt.split(" ", -1)));
		if (!PROMPTS.containsAll(values)) {
			throw AuthorizationRequestException.invalidRequest("prompt has an unknown value.");
		}
		if (values.contains("none") && values.size() > 1) {
			throw AuthorizationRequestException.invalidRequest("prompt none cannot be combined with other values.");
		}
		return Set.copyOf(values);
	}

	private static Long maxAge(String maxAge) {
		if (maxAge == null) {
			return null;
		}
		try {
			long seconds = Long.parseLong(maxAge);
			if (seconds >= 0 && maxAge.chars().allMatch(Character::isDigit)) {
				return seconds;
			}
		}
		catch (NumberFormatException ex) {
			// Refused below.
		}
		throw AuthorizationRequestException.invalidRequest("max_age is not a number of seconds.");
	}

}
