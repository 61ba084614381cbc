package dev.authflux.oidc;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.authflux.support.OpenIdProviderTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The discovery documents, held to the checks of the OpenID Foundation's Config OP plan
 * (conformance suite module {@code OIDCCDiscoveryEndpointVerification},
 * {@code oidcc-discovery-endpoint-verification}) that apply to the endpoints that exist
 * so far; docs/oidc.md lists which do not yet, and the one adapted to a plain-HTTP test.
 */
@Tag("e2e")
class DiscoveryTests extends OpenIdProviderTest {

	private static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";

	private static final String AUTHORIZATION_SERVER = "/.well-known/oauth-authorization-server";

	/**
	 * Members of OpenID Connect Discovery 1.0 §3, RFC 8414 §2 and RFC 9207 §3: the suite
	 * validates the document against a schema with {@code additionalProperties: false}.
	 */
	private static final Set<String> STANDARD_MEMBERS = Set.of("issuer", "authorization_endpoint", "token_endpoint",
			"userinfo_endpoint", "jwks_uri", "registration_endpoint", "scopes_supported", "response_types_supported",
			"response_modes_supported", "grant_types_supported", "acr_values_supported", "subject_types_supported",
			"id_token_signing_alg_values_supported", "userinfo_signing_alg_values_supported",
			"token_endpoint_auth_methods_supported", "display_values_supported", "claim_types_supported",
			"claims_supported", "service_documentation", "claims_locales_supported", "ui_locales_supported",
			"claims_parameter_supported", "request_parameter_supported", "request_uri_parameter_supported",
			"op_policy_uri", "op_tos_uri", "revocation_endpoint", "revocation_endpoint_auth_methods_supported",
			"introspection_endpoint", "introspection_endpoint_auth_methods_supported",
			"code_challenge_methods_supported", "end_session_endpoint",
			"authorization_response_iss_parameter_supported");

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	@Test
	void oidccDiscoveryEndpointVerificationWhenFetchedThenJsonWithTheIssuerOfItsUrl() {
		Map<String, Object> metadata = discovery(OPENID_CONFIGURATION);

		// CheckDiscEndpointIssuer: the discovery URL minus the well-known suffix. Stock
		// resource servers and clients compare without normalizing, so no trailing slash
		// either.
		assertThat(metadata.get("issuer")).isEqualTo(baseUrl()).isEqualTo(ISSUER);
		assertThat(URI.create(ISSUER).getScheme()).isEqualTo("http");
	}

	@Test
	void oidccDiscoveryEndpointVerificationWhenFetchedThenRequiredValuesArePublished() {
		Map<String, Object> metadata = discovery(OPENID_CONFIGURATION);

		assertThat(strings(metadata, "subject_types_supported")).containsAnyOf("public", "pairwise");
		assertThat(strings(metadata, "id_token_signing_alg_values_supported")).contains("RS256").doesNotContain("none");
		assertThat(strings(metadata, "scopes_supported")).contains("openid")
			.allSatisfy((scope) -> assertThat(scope).matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+"));
		assertThat(strings(metadata, "claims_supported")).contains("sub", "preferred_username");
		assertThat(strings(metadata, "token_endpoint_auth_methods_supported")).isNotEmpty();
		assertThat(metadata).containsKey("userinfo_endpoint");
		assertThat(STANDARD_MEMBERS).containsAll(metadata.keySet());
	}

	@Test
	void oidccDiscoveryEndpointVerificationWhenEndpointsPublishedThenTheyShareTheIssuersOrigin() {
		Map<String, Object> metadata = discovery(OPENID_CONFIGURATION);
		URI issuer = URI.create(ISSUER);

		// The suite requires https for every endpoint
		// (CheckDiscEndpointAllEndpointsAreHttps);
		// a test over plain HTTP can only hold them to the issuer's scheme and origin.
		List<String> endpoints = metadata.keySet()
			.stream()
			.filter((member) -> member.endsWith("_endpoint") || member.equals("jwks_uri"))
			.toList();
		assertThat(endpoints).contains("jwks_uri", "introspection_endpoint", "userinfo_endpoint");
		for (String member : endpoints) {
			URI endpoint = URI.create((String) metadata.get(member));
			assertThat(endpoint.getScheme()).as(member).isEqualTo(issuer.getScheme());
			assertThat(endpoint.getAuthority()).as(member).isEqualTo(issuer.getAuthority());
			assertThat(endpoint.getQuery()).as(member).isNull();
			assertThat(endpoint.getFragment()).as(member).isNull();
		}
		assertThat(metadata.get("jwks_uri")).isEqualTo(ISSUER + "/.well-known/jwks.json");
		assertThat(metadata.get("introspection_endpoint")).isEqualTo(ISSUER + "/api/v1/introspect");
		assertThat(metadata.get("userinfo_endpoint")).isEqualTo(ISSUER + "/oauth2/userinfo");
	}

	@Test
	void oidccDiscoveryEndpointVerificationWhenCodeFlowPublishedThenItsMembersSayWhatIsSupported() {
		Map<String, Object> metadata = discovery(OPENID_CONFIGURATION);

		assertThat(metadata.get("authorization_endpoint")).isEqualTo(ISSUER + "/oauth2/authorize");
		assertThat(strings(metadata, "response_types_supported")).containsExactly("code");
		assertThat(strings(metadata, "grant_types_supported")).contains("authorization_code", "client_credentials");
		assertThat(strings(metadata, "code_challenge_methods_supported")).containsExactly("S256");
		assertThat(strings(metadata, "token_endpoint_auth_methods_supported")).contains("client_secret_basic",
				"client_secret_post", "none");
		assertThat(metadata).containsEntry("authorization_response_iss_parameter_supported", true)
			.containsEntry("request_parameter_supported", false)
			.containsEntry("request_uri_parameter_supported", false)
			.containsEntry("claims_parameter_supported", false);
		assertThat(STANDARD_MEMBERS).containsAll(metadata.keySet());
	}

	@Test
	void discoveryWhenRefreshAndRevocationSupportedThenClientsFindThem() {
		Map<String, Object> metadata = discovery(OPENID_CONFIGURATION);

		assertThat(strings(metadata, "grant_types_supported")).contains("refresh_token");
		assertThat(strings(metadata, "scopes_supported")).contains("offline_access", "email");
		assertThat(metadata.get("revocation_endpoint")).isEqualTo(ISSUER + "/oauth2/revoke");
		assertThat(strings(metadata, "revocation_endpoint_auth_methods_supported"))
			.containsExactlyInAnyOrderElementsOf(strings(metadata, "token_endpoint_auth_methods_supported"));
	}

	@Test
	void oidccDiscoveryEndpointVerificationWhenJwksUriFetchedThenPublicKeysWithDistinctKids() throws Exception {
		String jwksUri = (String) discovery(OPENID_CONFIGURATION).get("jwks_uri");

		String body = WebTestClient.bindToServer()
			.build()
			.get()
			.uri(jwksUri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		List<JWK> keys = JWKSet.parse(body).getKeys();
		assertThat(keys).isNotEmpty();
		assertThat(keys).allSatisfy((key) -> {
			assertThat(key.getKeyID()).isNotBlank();
			assertThat(key.isPrivate()).isFalse();
			assertThat(key.getKeyType().getValue()).isNotEqualTo("oct");
		});
		assertThat(keys.stream().map(JWK::getKeyID).distinct()).hasSameSizeAs(keys);
		// Clients pick the ID-token key by the advertised algorithm: one must be
		// published.
		assertThat(keys.stream().map((key) -> key.getAlgorithm().getName()))
			.containsAll(strings(discovery(OPENID_CONFIGURATION), "id_token_signing_alg_values_supported"));
	}

	@Test
	void publishedEndpointsWhenCalledThenAnswerAtTheirUrls() {
		Map<String, Object> metadata = discovery(OPENID_CONFIGURATION);
		WebTestClient http = WebTestClient.bindToServer().build();

		http.post().uri((String) metadata.get("introspection_endpoint")).exchange().expectStatus().isUnauthorized();
		http.post()
			.uri((String) metadata.get("token_endpoint"))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("grant_type=client_credentials")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_client");
		http.get()
			.uri((String) metadata.get("userinfo_endpoint"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	@Test
	void oauthAuthorizationServerMetadataWhenFetchedThenSameDocument() {
		// RFC 8414 §3 for an issuer without a path: the same members, the same issuer.
		assertThat(discovery(AUTHORIZATION_SERVER)).isEqualTo(discovery(OPENID_CONFIGURATION));
	}

	@ParameterizedTest
	@ValueSource(strings = { OPENID_CONFIGURATION, AUTHORIZATION_SERVER })
	void discoveryWhenFetchedThenBrieflyPubliclyCacheable(String path) {
		this.http.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value(HttpHeaders.CACHE_CONTROL,
					(value) -> assertThat(value).contains("public").containsPattern("max-age=\\d+"));
	}

	@ParameterizedTest
	@ValueSource(strings = { OPENID_CONFIGURATION, AUTHORIZATION_SERVER })
	void discoveryWhenOtherMethodThen405Problem(String path) {
		this.http.method(HttpMethod.POST)
			.uri(path)
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectHeader()
			.valueEquals(HttpHeaders.ALLOW, "GET")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("method_not_allowed");
	}

	private Map<String, Object> discovery(String path) {
		return this.http.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static List<String> strings(Map<String, Object> metadata, String member) {
		assertThat(metadata.get(member)).as(member).isInstanceOf(List.class);
		return (List<String>) metadata.get(member);
	}

}
