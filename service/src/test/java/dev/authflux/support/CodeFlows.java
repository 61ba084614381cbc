package dev.authflux.support;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization code flow as a browser and a client drive it, over plain HTTP: sign
 * in on the login form, send the browser to the authorization endpoint with its cookie,
 * read the redirect, exchange the code.
 */
public final class CodeFlows {

	public static final String AUTHORIZE = "/oauth2/authorize";

	public static final String CALLBACK = "https://app.example.test/callback";

	private static final SecureRandom RANDOM = new SecureRandom();

	private CodeFlows() {
	}

	/**
	 * A web app of the code flow.
	 * @param authMethod its token_endpoint_auth_method
	 * @param skipConsent whether it is first-party (no consent page)
	 */
	public static String app(String name, String authMethod, boolean skipConsent) {
		return "{\"client_name\":\"" + name + "\",\"redirect_uris\":[\"" + CALLBACK
				+ "\",\"http://127.0.0.1:8765/cb\"],\"grant_types\":[\"authorization_code\"],"
				+ "\"token_endpoint_auth_method\":\"" + authMethod + "\",\"scope\":\"openid profile\","
				+ "\"skip_consent\":" + skipConsent + "}";
	}

	/**
	 * A web app of the code flow that may keep a user's session offline: registered for
	 * the refresh token grant and the offline_access scope, first-party.
	 */
	public static String offlineApp(String name, String authMethod) {
		return "{\"client_name\":\"" + name + "\",\"redirect_uris\":[\"" + CALLBACK
				+ "\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
				+ "\"token_endpoint_auth_method\":\"" + authMethod + "\",\"scope\":\"openid profile offline_access\","
				+ "\"skip_consent\":true}";
	}

	/** Signs the user in on the login page; the browser session's cookie. */
	public static String signIn(WebTestClient http, TestUsers.Credentials user) {
		LoginForms.Csrf csrf = LoginForms.csrf(http);
		EntityExchangeResult<Void> result = LoginForms
			.post(http, "/login", csrf.cookie(), LoginForms.signIn(csrf, user, null))
			.expectStatus()
			.isSeeOther()
			.expectBody()
			.isEmpty();
		ResponseCookie session = result.getResponseCookies().getFirst(LoginForms.SESSION_COOKIE);
		assertThat(session).isNotNull();
		return session.getValue();
	}

	/**
	 * Signs in through the login form with a return_to: where the form sends the browser,
	 * and its new session cookie.
	 */
	public static Returned signInReturningTo(WebTestClient http, TestUsers.Credentials user, String returnTo) {
		LoginForms.Csrf csrf = LoginForms.csrf(http);
		EntityExchangeResult<byte[]> result = LoginForms
			.post(http, "/login", csrf.cookie(), LoginForms.signIn(csrf, user, returnTo))
			.expectStatus()
			.isSeeOther()
			.expectBody()
			.returnResult();
		ResponseCookie session = result.getResponseCookies().getFirst(LoginForms.SESSION_COOKIE);
		assertThat(session).isNotNull();
		return new Returned(result.getResponseHeaders().getLocation(), session.getValue());
	}

	/**
	 * Follows a login redirect of the authorization endpoint: signs in on the form it
	 * names and comes back to the authorization endpoint with the new session.
	 * @return the authorization endpoint's answer to the browser coming back
	 */
	public static WebTestClient.ResponseSpec throughTheLoginForm(WebTestClient http, TestUsers.Credentials user,
			URI login) {
		assertThat(login.getPath()).isEqualTo("/login");
		Returned back = signInReturningTo(http, user, params(login).getFirst("return_to"));
		assertThat(back.location().getPath()).isEqualTo(AUTHORIZE);
		return authorize(http, back.cookie(), back.location().getRawQuery());
	}

	/** Where the login form sent the browser, and the session it started. */
	public record Returned(URI location, String cookie) {
	}

	/**
	 * {@code GET /oauth2/authorize?query}, the query sent exactly as written.
	 * @param sessionCookie the browser session's cookie, or null
	 */
	public static WebTestClient.ResponseSpec authorize(WebTestClient http, String sessionCookie, String query) {
		WebTestClient.RequestHeadersSpec<?> request = http.get()
			.uri((base) -> URI.create(base.build() + AUTHORIZE + "?" + query));
		if (sessionCookie != null) {
			request.cookie(LoginForms.SESSION_COOKIE, sessionCookie);
		}
		return request.exchange();
	}

	/** The redirect of an authorization request; asserts a 303. */
	public static URI redirect(WebTestClient.ResponseSpec response) {
		URI location = response.expectStatus()
			.isSeeOther()
			.expectBody()
			.returnResult()
			.getResponseHeaders()
			.getLocation();
		assertThat(location).isNotNull();
		return location;
	}

	/** The decoded query parameters of a redirect. */
	public static MultiValueMap<String, String> params(URI location) {
		MultiValueMap<String, String> raw = UriComponentsBuilder.fromUri(location).build().getQueryParams();
		MultiValueMap<String, String> decoded = new org.springframework.util.LinkedMultiValueMap<>();
		raw.forEach((name, values) -> values.forEach((value) -> decoded.add(name,
				(value != null) ? java.net.URLDecoder.decode(value, StandardCharsets.UTF_8) : null)));
		return decoded;
	}

	/** A query string of these parameters, form-encoded. */
	public static String query(String... namesAndValues) {
		StringBuilder query = new StringBuilder();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			if (i > 0) {
				query.append('&');
			}
			query.append(namesAndValues[i])
				.append('=')
				.append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
		}
		return query.toString();
	}

	/** A token request of the code grant (form body as written). */
	public static WebTestClient.ResponseSpec exchange(WebTestClient http, String authorization, String form) {
		return http.post().uri(OAuthCalls.TOKEN).headers((headers) -> {
			if (authorization != null) {
				headers.set(HttpHeaders.AUTHORIZATION, authorization);
			}
		}).contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue(form).exchange();
	}

	/** A client's id and secret from its registration answer. */
	public static String basicOf(Map<String, Object> client) {
		return OAuthCalls.basic((String) client.get("client_id"), (String) client.get("client_secret"));
	}

	/** A PKCE verifier (RFC 7636 §4.1) and its S256 challenge. */
	public record Pkce(String verifier, String challenge) {

		public static Pkce generate() {
			byte[] bytes = new byte[32];
			RANDOM.nextBytes(bytes);
			String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
			return new Pkce(verifier, s256(verifier));
		}

		public static String s256(String verifier) {
			try {
				return Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString(
							MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
