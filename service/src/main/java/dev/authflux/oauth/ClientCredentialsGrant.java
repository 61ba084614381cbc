package dev.authflux.oauth;

import java.util.Set;

import dev.authflux.client.ClientMetadata;
import dev.authflux.client.RegisteredClient;
import dev.authflux.client.Scopes;
import dev.authflux.token.AccessTokens;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The client credentials grant (RFC 6749 §4.4): an authenticated confidential client gets
 * an access token for itself — {@code sub} is its client id, no session, no refresh
 * token. Without a {@code scope} parameter it is granted its whole registered scope (RFC
 * 6749 §3.3's pre-defined default); with one, only scope within the registered.
 */
@Component
class ClientCredentialsGrant {

	private final AccessTokens tokens;

	ClientCredentialsGrant(AccessTokens tokens) {
		this.tokens = tokens;
	}

	/**
	 * @param requestedScope the {@code scope} parameter, or null if it was not sent
	 */
	Mono<TokenEndpointResponse> issue(RegisteredClient client, String requestedScope) {
		return Mono.defer(() -> {
			ClientMetadata metadata = client.metadata();
			if (!metadata.hasGrant(ClientMetadata.CLIENT_CREDENTIALS) || metadata.isPublic()) {
				return Mono.error(TokenRequestException.unauthorizedClient());
			}
			String granted = granted(metadata, requestedScope);
			return this.tokens.issueForClient(client.clientId(), granted)
				.map((token) -> new TokenEndpointResponse(token.value(), "Bearer", token.expiresInSeconds(),
						granted.isEmpty() ? null : granted));
		});
	}

	private static String granted(ClientMetadata metadata, String requestedScope) {
		if (requestedScope == null) {
			return metadata.scopeString();
		}
		Set<String> requested = Scopes.parse(requestedScope);
		if (requested == null) {
			throw TokenRequestException.invalidScope("The scope is not a list of scope tokens.");
		}
		if (!metadata.scope().containsAll(requested)) {
			throw TokenRequestException.invalidScope("The scope is beyond what the client is registered for.");
		}
		return String.join(" ", requested);
	}

}
