package dev.authflux.client;

import java.util.List;

/**
 * The body of {@code POST} and {@code PUT /api/v1/admin/clients}: RFC 7591 §2 client
 * metadata, as sent. Absent members are null; {@link ClientMetadataRules} fills in the
 * defaults and checks the rest. Members RFC 7591 defines but this service does not use
 * are ignored, as §2 asks.
 */
record ClientMetadataRequest(String clientName, List<String> redirectUris, List<String> grantTypes,
		List<String> responseTypes, String tokenEndpointAuthMethod, String scope, List<String> postLogoutRedirectUris,
		Boolean skipConsent) {
}
