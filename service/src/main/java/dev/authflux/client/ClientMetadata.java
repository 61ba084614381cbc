package dev.authflux.client;

import java.util.List;
import java.util.Set;

/**
 * A client's registered metadata, checked and with RFC 7591's defaults filled in.
 *
 * @param clientName what users are shown (consent page, audit)
 * @param redirectUris where authorization responses may go, matched exactly
 * @param grantTypes {@code authorization_code}, {@code refresh_token},
 * {@code client_credentials}
 * @param responseTypes {@code code} for clients of the authorization code flow, else none
 * @param tokenEndpointAuthMethod how it authenticates at the token endpoint
 * @param scope the scope tokens it may be granted, in registration order
 * @param postLogoutRedirectUris where RP-initiated logout may send the browser back to
 * @param skipConsent whether users are asked no consent for it (first-party clients)
 */
public record ClientMetadata(String clientName, List<String> redirectUris, List<String> grantTypes,
		List<String> responseTypes, AuthMethod tokenEndpointAuthMethod, Set<String> scope,
		List<String> postLogoutRedirectUris, boolean skipConsent) {

	public static final String AUTHORIZATION_CODE = "authorization_code";

	public static final String REFRESH_TOKEN = "refresh_token";

	public static final String CLIENT_CREDENTIALS = "client_credentials";

	public boolean hasGrant(String grantType) {
		return this.grantTypes.contains(grantType);
	}

	/** A public client (RFC 6749 §2.1) has no secret and authenticates with none. */
	public boolean isPublic() {
		return this.tokenEndpointAuthMethod == AuthMethod.NONE;
	}

	/** The registered scope as one RFC 6749 scope string. */
	public String scopeString() {
		return String.join(" ", this.scope);
	}

}
