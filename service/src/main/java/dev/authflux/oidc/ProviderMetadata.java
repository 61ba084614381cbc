package dev.authflux.oidc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.authflux.login.LoginPages;
import dev.authflux.oauth.OAuthRoutes;

/**
 * The provider's metadata, as both OpenID Connect Discovery 1.0 §3 and RFC 8414 §2 name
 * it. Every endpoint URL is the issuer followed by the endpoint's path, so they all share
 * the issuer's scheme and origin (and a path prefix a proxy strips). Only endpoints that
 * exist are published: adding one is one {@link #endpoint} line.
 */
final class ProviderMetadata {

	private final String issuer;

	private final Map<String, Object> members = new LinkedHashMap<>();

	ProviderMetadata(String issuer, List<String> idTokenSigningAlgorithms) {
		this.issuer = issuer;
		// Resource servers compare it character for character (Spring Security's
		// issuer-uri check is String.equals), so it is published as configured.
		this.members.put("issuer", issuer);
		endpoint("authorization_endpoint", OAuthRoutes.AUTHORIZE);
		endpoint("jwks_uri", "/.well-known/jwks.json");
		endpoint("introspection_endpoint", "/api/v1/introspect");
		endpoint("userinfo_endpoint", OidcRoutes.USERINFO);
		endpoint("token_endpoint", OAuthRoutes.TOKEN);
		endpoint("revocation_endpoint", OAuthRoutes.REVOKE);
		endpoint("end_session_endpoint", LoginPages.END_SESSION);
		this.members.put("response_types_supported", List.of("code"));
		this.members.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"));
		this.members.put("code_challenge_methods_supported", List.of("S256"));
		this.members.put("authorization_response_iss_parameter_supported", true);
		this.members.put("request_parameter_supported", false);
		this.members.put("request_uri_parameter_supported", false);
		this.members.put("claims_parameter_supported", false);
		this.members.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
		this.members.put("claims_supported",
				List.of("iss", "sub", "iat", "exp", "sid", "preferred_username", "email", "email_verified"));
		this.members.put("subject_types_supported", List.of("public"));
		this.members.put("id_token_signing_alg_values_supported", List.copyOf(idTokenSigningAlgorithms));
		// "none": public clients of the authorization code flow, with PKCE.
		this.members.put("token_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "client_secret_post", "none"));
		// HTTP Basic with the client's id and secret, as introspection takes them.
		this.members.put("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic"));
		// Revocation authenticates clients as the token endpoint does.
		this.members.put("revocation_endpoint_auth_methods_supported",
				List.of("client_secret_basic", "client_secret_post", "none"));
	}

	private void endpoint(String member, String path) {
		String base = this.issuer.endsWith("/") ? this.issuer.substring(0, this.issuer.length() - 1) : this.issuer;
		this.members.put(member, base + path);
	}

	Map<String, Object> members() {
		return Collections.unmodifiableMap(this.members);
	}

}
