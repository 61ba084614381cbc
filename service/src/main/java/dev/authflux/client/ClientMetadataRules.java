package dev.authflux.client;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static dev.authflux.client.ClientMetadata.AUTHORIZATION_CODE;
import static dev.authflux.client.ClientMetadata.CLIENT_CREDENTIALS;
import static dev.authflux.client.ClientMetadata.REFRESH_TOKEN;

/**
 * The checks a registration passes (RFC 7591 §2, §3.2.2): known values only, RFC 7591's
 * defaults for what is absent, and grant types, response types, redirect URIs and the
 * authentication method that fit together. The first broken rule is the error; its
 * description names the member, never echoes a URI.
 */
final class ClientMetadataRules {

	static final int MAX_NAME_LENGTH = 200;

	static final int MAX_URIS = 20;

	static final int MAX_SCOPES = 50;

	private static final Set<String> GRANT_TYPES = Set.of(AUTHORIZATION_CODE, REFRESH_TOKEN, CLIENT_CREDENTIALS);

	private final Set<String> knownScopes;

	ClientMetadataRules(Set<String> knownScopes) {
		this.knownScopes = Set.copyOf(knownScopes);
	}

	ClientMetadata check(ClientMetadataRequest request) {
		String name = clientName(request.clientName());
		List<String> grantTypes = grantTypes(request.grantTypes());
		boolean codeFlow = grantTypes.contains(AUTHORIZATION_CODE);
		List<String> responseTypes = responseTypes(request.responseTypes(), codeFlow);
		AuthMethod method = authMethod(request.tokenEndpointAuthMethod(), grantTypes);
		List<String> redirectUris = uris("redirect_uris", request.redirectUris(),
				InvalidClientMetadataException::redirectUri);
		if (codeFlow && redirectUris.isEmpty()) {
			throw InvalidClientMetadataException.redirectUri("redirect_uris is required for authorization_code");
		}
		List<String> postLogout = uris("post_logout_redirect_uris", request.postLogoutRedirectUris(),
				InvalidClientMetadataException::metadata);
		Set<String> scope = scope(request.scope());
		boolean skipConsent = request.skipConsent() != null && request.skipConsent();
		return new ClientMetadata(name, redirectUris, grantTypes, responseTypes, method, scope, postLogout,
				skipConsent);
	}

	private static String clientName(String name) {
		if (name == null || name.isBlank()) {
			throw InvalidClientMetadataException.metadata("client_name is required");
		}
		if (name.length() > MAX_NAME_LENGTH) {
			throw InvalidClientMetadataException
				.metadata("client_name must be at most " + MAX_NAME_LENGTH + " characters");
		}
		if (name.chars().anyMatch(Character::isISOControl)) {
			throw InvalidClientMetadataException.metadata("client_name must not contain control characters");
		}
		return name.strip();
	}

	private static List<String> grantTypes(List<String> requested) {
		if (requested == null) {
			return List.of(AUTHORIZATION_CODE);
		}
		List<String> grantTypes = distinct("grant_types", requested);
		if (grantTypes.isEmpty()) {
			throw InvalidClientMetadataException.metadata("grant_types must not be empty");
		}
		if (!GRANT_TYPES.containsAll(grantTypes)) {
			throw InvalidClientMetadataException
				.metadata("grant_types may hold authorization_code, refresh_token and client_credentials only");
		}
		if (grantTypes.contains(REFRESH_TOKEN) && !grantTypes.contains(AUTHORIZATION_CODE)) {
			throw InvalidClientMetadataException.metadata("grant_types: refresh_token needs authorization_code");
		}
		return grantTypes;
	}

	private static List<String> responseTypes(List<String> requested, boolean codeFlow) {
		if (requested == null) {
			return codeFlow ? List.of("code") : List.of();
		}
		List<String> responseTypes = distinct("response_types", requested);
		if (!List.of("code").containsAll(responseTypes)) {
			throw InvalidClientMetadataException.metadata("response_types may hold code only");
		}
		if (codeFlow != responseTypes.contains("code")) {
			throw InvalidClientMetadataException
				.metadata("response_types code goes with grant_types authorization_code, and only with it");
		}
		return responseTypes;
	}

	private static AuthMethod authMethod(String requested, List<String> grantTypes) {
		if (requested == null) {
			return AuthMethod.CLIENT_SECRET_BASIC;
		}
		AuthMethod method = AuthMethod.of(requested);
		if (method == null) {
			throw InvalidClientMetadataException
				.metadata("token_endpoint_auth_method must be client_secret_basic, client_secret_post or none");
		}
		if (method == AuthMethod.NONE
				&& (grantTypes.contains(CLIENT_CREDENTIALS) || !grantTypes.contains(AUTHORIZATION_CODE))) {
			throw InvalidClientMetadataException.metadata(
					"token_endpoint_auth_method none is for public clients of authorization_code, never client_credentials");
		}
		return method;
	}

	private static List<String> uris(String member, List<String> requested,
			Function<String, InvalidClientMetadataException> error) {
		if (requested == null) {
			return List.of();
		}
		List<String> uris = distinct(member, requested);
		if (uris.size() > MAX_URIS) {
			throw error.apply(member + " may hold at most " + MAX_URIS + " URIs");
		}
		for (int i = 0; i < uris.size(); i++) {
			String problem = RedirectUris.problemWith(uris.get(i));
			if (problem != null) {
				throw error.apply(member + "[" + i + "] " + problem);
			}
		}
		return uris;
	}

	private Set<String> scope(String requested) {
		if (requested == null) {
			return Set.of();
		}
		Set<String> scope = Scopes.parse(requested);
		if (scope == null) {
			throw InvalidClientMetadataException.metadata("scope must be scope tokens separated by single spaces");
		}
		if (scope.size() > MAX_SCOPES) {
			throw InvalidClientMetadataException.metadata("scope may hold at most " + MAX_SCOPES + " scopes");
		}
		for (String token : scope) {
			if (!this.knownScopes.contains(token)) {
				throw InvalidClientMetadataException.metadata("scope " + token + " is not a known scope");
			}
		}
		return java.util.Collections.unmodifiableSet(scope);
	}

	/** The values in their order, each once; a null or non-string member is refused. */
	private static List<String> distinct(String member, List<String> values) {
		if (values.stream().anyMatch(java.util.Objects::isNull)) {
			throw InvalidClientMetadataException.metadata(member + " must hold strings only");
		}
		if (values.size() > 100) {
			throw InvalidClientMetadataException.metadata(member + " holds too many values");
		}
		return List.copyOf(new LinkedHashSet<>(values));
	}

}
