package dev.authflux.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A client as the registry answers it (RFC 7591 §3.2.1): its metadata, when its id was
 * issued, and whether it is disabled. The secret appears in the answer to its
 * registration only, with {@code client_secret_expires_at} 0 (it does not expire).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ClientView(String clientId, String clientSecret, long clientIdIssuedAt, Long clientSecretExpiresAt,
		String clientName, List<String> redirectUris, List<String> grantTypes, List<String> responseTypes,
		String tokenEndpointAuthMethod, String scope, List<String> postLogoutRedirectUris, boolean skipConsent,
		boolean disabled) {

	static ClientView of(RegisteredClient client) {
		return of(client, null);
	}

	static ClientView of(RegisteredClientWithSecret registered) {
		return of(registered.client(), registered.secret());
	}

	private static ClientView of(RegisteredClient client, String secret) {
		ClientMetadata metadata = client.metadata();
		return new ClientView(client.clientId(), secret, client.createdAt().getEpochSecond(),
				(secret != null) ? 0L : null, metadata.clientName(), metadata.redirectUris(), metadata.grantTypes(),
				metadata.responseTypes(), metadata.tokenEndpointAuthMethod().value(),
				metadata.scope().isEmpty() ? null : metadata.scopeString(), metadata.postLogoutRedirectUris(),
				metadata.skipConsent(), client.disabled());
	}

	@Override
	public String toString() {
		return "ClientView[clientId=" + this.clientId + "]";
	}

}
