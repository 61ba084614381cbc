package dev.authflux.oauth;

import java.net.URI;
import java.text.ParseException;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;

import static dev.authflux.support.CodeFlows.CALLBACK;
import static dev.authflux.support.CodeFlows.authorize;
import static dev.authflux.support.CodeFlows.basicOf;
import static dev.authflux.support.CodeFlows.exchange;
import static dev.authflux.support.CodeFlows.params;
import static dev.authflux.support.CodeFlows.query;
import static dev.authflux.support.CodeFlows.redirect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The code flow steps the conformance mirrors repeat: a request, its redirect, the
 * exchange, and the ID token's claims.
 */
final class OidccFlows {

	static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	/** The post_logout_redirect_uri of {@link #logoutApp}. */
	static final String SIGNED_OUT = "https://app.example.test/signed-out";

	private OidccFlows() {
	}

	/** A first-party web app with a post_logout_redirect_uri. */
	static String logoutApp(String name) {
		return "{\"client_name\":\"" + name + "\",\"redirect_uris\":[\"" + CALLBACK
				+ "\"],\"grant_types\":[\"authorization_code\"],\"token_endpoint_auth_method\":\"client_secret_basic\","
				+ "\"scope\":\"openid profile\",\"post_logout_redirect_uris\":[\"" + SIGNED_OUT
				+ "\"],\"skip_consent\":true}";
	}

	/** An authorization request of the code flow, confidential client, no PKCE. */
	static String request(Map<String, Object> client, String scope, String state) {
		return query("client_id", (String) client.get("client_id"), "redirect_uri", CALLBACK, "response_type", "code",
				"scope", scope, "state", state);
	}

	/** The code of a request that must succeed without a page in between. */
	static MultiValueMap<String, String> code(WebTestClient http, String cookie, String query) {
		MultiValueMap<String, String> callback = params(redirect(authorize(http, cookie, query)));
		assertThat(callback.getFirst("code")).as("code in %s", callback).isNotBlank();
		return callback;
	}

	/** The token response of exchanging the callback's code. */
	static Map<String, Object> tokens(WebTestClient http, Map<String, Object> client,
			MultiValueMap<String, String> callback) {
		return exchange(http, basicOf(client),
				query("grant_type", "authorization_code", "code", callback.getFirst("code"), "redirect_uri", CALLBACK))
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	/** The ID token of a flow that needs no page: authorize, then exchange. */
	static String idToken(WebTestClient http, Map<String, Object> client, String cookie, String query) {
		return (String) tokens(http, client, code(http, cookie, query)).get("id_token");
	}

	/** The claims of a token, unverified: the flows' own tests verify signatures. */
	static JWTClaimsSet claims(String jwt) {
		try {
			return SignedJWT.parse(jwt).getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Moves a session's sign-in into the past, as waiting would: what {@code max_age} and
	 * {@code prompt=login} are checked against.
	 */
	static void signedInSecondsAgo(DatabaseClient db, String sid, int seconds) {
		db.sql("UPDATE sessions SET auth_time = auth_time - :seconds * interval '1 second' WHERE id = :id")
			.bind("seconds", seconds)
			.bind("id", UUID.fromString(sid))
			.then()
			.block();
	}

	/** Where a redirect goes, without its query. */
	static String withoutQuery(URI location) {
		return location.getScheme() + "://" + location.getAuthority() + location.getPath();
	}

}
