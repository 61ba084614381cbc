package dev.authflux.oauth;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.authflux.support.AuthClient;
import dev.authflux.support.CodeFlows.Pkce;
import dev.authflux.support.OpenIdProviderTest;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;

import static dev.authflux.support.CodeFlows.CALLBACK;
import static dev.authflux.support.CodeFlows.app;
import static dev.authflux.support.CodeFlows.authorize;
import static dev.authflux.support.CodeFlows.basicOf;
import static dev.authflux.support.CodeFlows.exchange;
import static dev.authflux.support.CodeFlows.offlineApp;
import static dev.authflux.support.CodeFlows.params;
import static dev.authflux.support.CodeFlows.query;
import static dev.authflux.support.CodeFlows.redirect;
import static dev.authflux.support.CodeFlows.signIn;
import static dev.authflux.support.OAuthCalls.register;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks of the OpenID Foundation's Basic OP plan
 * (oidcc-basic-certification-test-plan) that apply to the authorization code flow as
 * built, one test per conformance module, named after it; docs/oidc.md lists the modules
 * not mirrored yet.
 */
@Tag("e2e")
class OidccBasicPlanTests extends OpenIdProviderTest {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private TestUsers.Credentials user;

	private String userId;

	private String cookie;

	@BeforeEach
	void signedInUser() {
		this.user = TestUsers.unique("oidcc");
		this.userId = (String) new AuthClient(this.http).register(this.user).get("id");
		this.cookie = signIn(this.http, this.user);
	}

	@Test
	void oidccServerTestWhenCodeFlowWithPkceThenIdTokenHasExactlyTheClaimsAndTokensWork() throws Exception {
		Map<String, Object> client = register(this.http, app("oidcc server test", "client_secret_basic", true));
		Pkce pkce = Pkce.generate();

		MultiValueMap<String, String> callback = params(redirect(authorize(this.http, this.cookie,
				request(client, "openid profile", "st-1 /?&", "n-1", pkce.challenge()))));

		assertThat(callback.keySet()).containsExactlyInAnyOrder("code", "state", "iss");
		assertThat(callback.getFirst("state")).isEqualTo("st-1 /?&");
		assertThat(callback.getFirst("iss")).isEqualTo(ISSUER);
		Map<String, Object> tokens = exchange(this.http, basicOf(client), tokenForm(callback, pkce.verifier()))
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Cache-Control", "no-store")
			.expectHeader()
			.valueEquals("Pragma", "no-cache")
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(tokens).containsOnlyKeys("access_token", "token_type", "expires_in", "scope", "id_token")
			.containsEntry("token_type", "Bearer")
			.containsEntry("scope", "openid profile");

		JWTClaimsSet idToken = verified((String) tokens.get("id_token"));
		assertThat(idToken.getClaims().keySet()).containsExactlyInAnyOrder("iss", "sub", "aud", "exp", "iat",
				"auth_time", "nonce", "sid", "amr");
		assertThat(idToken.getStringListClaim("amr")).containsExactly("pwd");
		assertThat(idToken.getIssuer()).isEqualTo(ISSUER);
		assertThat(idToken.getSubject()).isEqualTo(this.userId);
		assertThat(idToken.getAudience()).containsExactly((String) client.get("client_id"));
		assertThat(idToken.getStringClaim("nonce")).isEqualTo("n-1");
		assertThat(idToken.getExpirationTime()).isAfter(idToken.getIssueTime());
		assertThat(idToken.getLongClaim("auth_time")).isLessThanOrEqualTo(idToken.getIssueTime().getTime() / 1000);

		String accessToken = (String) tokens.get("access_token");
		JWTClaimsSet access = verified(accessToken);
		assertThat(access.getStringClaim("client_id")).isEqualTo(client.get("client_id"));
		assertThat(access.getStringClaim("scope")).isEqualTo("openid profile");
		assertThat(access.getAudience()).isNotEmpty();
		assertThat(access.getStringClaim("sid")).isNotEqualTo(idToken.getStringClaim("sid"));
		this.http.get()
			.uri("/oauth2/userinfo")
			.headers((headers) -> headers.setBearerAuth(accessToken))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.sub")
			.isEqualTo(this.userId);
		this.http.get()
			.uri("/api/v1/users/me")
			.headers((headers) -> headers.setBearerAuth(accessToken))
			.exchange()
			.expectStatus()
			.isOk();
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> sessions = (List<Map<String, Object>>) this.http.get()
			.uri("/api/v1/sessions")
			.headers((headers) -> headers.setBearerAuth(accessToken))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("sessions");
		assertThat(sessions).extracting((session) -> session.get("id"))
			.contains(access.getStringClaim("sid"), idToken.getStringClaim("sid"));
	}

	@Test
	void oidccServerTestClientSecretPostWhenSecretInTheFormThenTokens() {
		Map<String, Object> client = register(this.http, app("oidcc post", "client_secret_post", true));
		MultiValueMap<String, String> callback = params(
				redirect(authorize(this.http, this.cookie, request(client, "openid", "s", null, null))));

		exchange(this.http, null,
				tokenForm(callback, null) + "&"
						+ query("client_id", (String) client.get("client_id"), "client_secret",
								(String) client.get("client_secret")))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id_token")
			.exists();
	}

	@Test
	void oidccResponseTypeMissingWhenLeftOutThenInvalidRequestToTheClient() {
		Map<String, Object> client = register(this.http, app("oidcc no response type", "client_secret_basic", true));

		MultiValueMap<String, String> callback = params(redirect(authorize(this.http, this.cookie, query("client_id",
				(String) client.get("client_id"), "redirect_uri", CALLBACK, "scope", "openid", "state", "s-2"))));

		assertThat(callback.getFirst("error")).isEqualTo("invalid_request");
		assertThat(callback.getFirst("state")).isEqualTo("s-2");
		assertThat(callback.getFirst("iss")).isEqualTo(ISSUER);
	}

	@Test
	void oidccEnsureRegisteredRedirectUriWhenNotRegisteredThenPageAndNoRedirect() {
		Map<String, Object> client = register(this.http, app("oidcc redirect", "client_secret_basic", true));

		authorize(this.http, this.cookie,
				query("client_id", (String) client.get("client_id"), "redirect_uri",
						"https://app.example.test/callback/elsewhere", "response_type", "code", "scope", "openid"))
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.doesNotExist("Location")
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY");
	}

	@Test
	void oidccEnsurePostRequestSucceedsWhenParametersAreAFormThenCode() {
		Map<String, Object> client = register(this.http, app("oidcc post request", "client_secret_basic", true));

		URI location = redirect(this.http.post()
			.uri("/oauth2/authorize")
			.cookie("authflux_session", this.cookie)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue(request(client, "openid", "s-3", null, null))
			.exchange());

		assertThat(params(location).getFirst("code")).isNotBlank();
		assertThat(params(location).getFirst("state")).isEqualTo("s-3");
	}

	@Test
	void oidccEnsureRequestWithUnknownParameterSucceedsWhenExtraParametersThenCode() {
		Map<String, Object> client = register(this.http, app("oidcc unknown", "client_secret_basic", true));

		URI location = redirect(authorize(this.http, this.cookie,
				request(client, "openid", "s", null, null) + "&extra=foobar&display=page&ui_locales=se&acr_values=1"));

		assertThat(params(location).getFirst("code")).isNotBlank();
	}

	@Test
	void oidccAuthCodeReuseWhenCodeSpentTwiceThenInvalidGrantAndItsTokensEnd() {
		Map<String, Object> client = register(this.http, app("oidcc reuse", "client_secret_basic", true));
		MultiValueMap<String, String> callback = params(
				redirect(authorize(this.http, this.cookie, request(client, "openid", "s", null, null))));
		String accessToken = (String) exchange(this.http, basicOf(client), tokenForm(callback, null)).expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("access_token");

		exchange(this.http, basicOf(client), tokenForm(callback, null)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_grant");

		this.http.get()
			.uri("/oauth2/userinfo")
			.headers((headers) -> headers.setBearerAuth(accessToken))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		// The browser session that approved the code is not the one revoked.
		redirect(authorize(this.http, this.cookie, request(client, "openid", "s", null, null)));
	}

	@Test
	void oidccEnsureRequestWithValidPkceSucceedsWhenPublicClientThenTokens() {
		Map<String, Object> client = register(this.http, app("oidcc pkce", "none", true));
		Pkce pkce = Pkce.generate();
		MultiValueMap<String, String> callback = params(
				redirect(authorize(this.http, this.cookie, request(client, "openid", "s", "n", pkce.challenge()))));

		exchange(this.http, null,
				tokenForm(callback, pkce.verifier()) + "&" + query("client_id", (String) client.get("client_id")))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id_token")
			.exists();
	}

	@Test
	void oidccEnsureRequestWithoutNonceSucceedsForCodeFlowWhenNoNonceThenNoNonceClaim() throws Exception {
		Map<String, Object> client = register(this.http, app("oidcc no nonce", "client_secret_basic", true));
		MultiValueMap<String, String> callback = params(
				redirect(authorize(this.http, this.cookie, request(client, "openid", "s", null, null))));

		String idToken = (String) exchange(this.http, basicOf(client), tokenForm(callback, null)).expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("id_token");

		assertThat(verified(idToken).getClaims()).doesNotContainKey("nonce");
	}

	@Test
	void oidccPromptNoneNotLoggedInWhenNoSessionThenLoginRequired() {
		Map<String, Object> client = register(this.http, app("oidcc prompt none", "client_secret_basic", true));

		MultiValueMap<String, String> callback = params(
				redirect(authorize(this.http, null, request(client, "openid", "s-4", null, null) + "&prompt=none")));

		assertThat(callback.getFirst("error")).isEqualTo("login_required");
		assertThat(callback.getFirst("state")).isEqualTo("s-4");
		assertThat(callback.getFirst("iss")).isEqualTo(ISSUER);
	}

	@Test
	void oidccUnsignedRequestObjectSupportedCorrectlyOrRejectedAsUnsupportedWhenRequestThenRequestNotSupported() {
		Map<String, Object> client = register(this.http, app("oidcc request object", "client_secret_basic", true));

		MultiValueMap<String, String> callback = params(redirect(authorize(this.http, this.cookie,
				request(client, "openid", "s-5", null, null) + "&request=eyJhbGciOiJub25lIn0.eyJzdGF0ZSI6IngifQ.")));

		assertThat(callback.getFirst("error")).isEqualTo("request_not_supported");
		assertThat(callback.getFirst("state")).isEqualTo("s-5");
	}

	@Test
	void oidccEnsureRequestObjectWithRedirectUriWhenRedirectUriOnlyInTheObjectThenNoRedirect() {
		Map<String, Object> client = register(this.http, app("oidcc request redirect", "client_secret_basic", true));

		// Two registered redirect URIs and none in the query: the one in the request
		// object is never looked at, so there is nowhere safe to redirect to.
		authorize(this.http, this.cookie,
				query("client_id", (String) client.get("client_id"), "response_type", "code", "scope", "openid",
						"request", "eyJhbGciOiJub25lIn0.eyJyZWRpcmVjdF91cmkiOiJodHRwczovL2V2aWwuZXhhbXBsZSJ9."))
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.doesNotExist("Location");
	}

	@Test
	void oidccRefreshTokenWhenOfflineAccessThenRefreshKeepsTheIdTokenClaimsAndRefusesOldAndForeignTokens()
			throws Exception {
		Map<String, Object> client = register(this.http, offlineApp("oidcc refresh token", "client_secret_basic"));
		Map<String, Object> second = register(this.http, offlineApp("oidcc refresh token 2", "client_secret_basic"));
		MultiValueMap<String, String> callback = params(redirect(authorize(this.http, this.cookie,
				request(client, "openid profile offline_access", "st-r", "n-r", null))));
		Map<String, Object> first = exchange(this.http, basicOf(client), tokenForm(callback, null)).expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(first).containsKey("refresh_token");
		JWTClaimsSet original = verified((String) first.get("id_token"));

		Map<String, Object> refreshed = exchange(this.http, basicOf(client),
				query("grant_type", "refresh_token", "refresh_token", (String) first.get("refresh_token")))
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Cache-Control", "no-store")
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();

		assertThat(refreshed).containsKeys("access_token", "refresh_token", "id_token", "expires_in")
			.containsEntry("token_type", "Bearer")
			.containsEntry("scope", "openid profile offline_access");
		// OpenID Connect Core 1.0 §12.2: same iss, sub, aud, auth_time (and sid); no
		// nonce.
		JWTClaimsSet renewed = verified((String) refreshed.get("id_token"));
		assertThat(renewed.getIssuer()).isEqualTo(original.getIssuer()).isEqualTo(ISSUER);
		assertThat(renewed.getSubject()).isEqualTo(original.getSubject()).isEqualTo(this.userId);
		assertThat(renewed.getAudience()).isEqualTo(original.getAudience());
		assertThat(renewed.getLongClaim("auth_time")).isEqualTo(original.getLongClaim("auth_time"));
		assertThat(renewed.getStringClaim("sid")).isEqualTo(original.getStringClaim("sid"));
		assertThat(renewed.getClaims()).doesNotContainKey("nonce");
		this.http.get()
			.uri("/oauth2/userinfo")
			.headers((headers) -> headers.setBearerAuth((String) refreshed.get("access_token")))
			.exchange()
			.expectStatus()
			.isOk();

		exchange(this.http, basicOf(second),
				query("grant_type", "refresh_token", "refresh_token", (String) refreshed.get("refresh_token")))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_grant");
		exchange(this.http, basicOf(client),
				query("grant_type", "refresh_token", "refresh_token", (String) first.get("refresh_token")))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_grant");
	}

	private static String request(Map<String, Object> client, String scope, String state, String nonce,
			String challenge) {
		String query = query("client_id", (String) client.get("client_id"), "redirect_uri", CALLBACK, "response_type",
				"code", "scope", scope, "state", state);
		if (nonce != null) {
			query += "&" + query("nonce", nonce);
		}
		if (challenge != null) {
			query += "&" + query("code_challenge", challenge, "code_challenge_method", "S256");
		}
		return query;
	}

	private static String tokenForm(MultiValueMap<String, String> callback, String verifier) {
		String form = query("grant_type", "authorization_code", "code", callback.getFirst("code"), "redirect_uri",
				CALLBACK);
		return (verifier != null) ? form + "&" + query("code_verifier", verifier) : form;
	}

	private JWTClaimsSet verified(String jwt) throws Exception {
		String jwks = this.http.get()
			.uri("/.well-known/jwks.json")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor
			.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt")));
		processor.setJWSKeySelector(
				new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.EdDSA),
						new ImmutableJWKSet<>(JWKSet.parse(jwks))));
		// Claims are checked by the tests themselves.
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		return processor.process(jwt, null);
	}

}
