package dev.authflux.oidc;

import java.util.Map;
import java.util.UUID;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.ForgedTokens;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /oauth2/userinfo} as OpenID Connect clients call it: the mirrors of the
 * conformance suite's {@code OIDCCUserInfoGet}, {@code OIDCCUserInfoPostHeader} and
 * {@code OIDCCUserInfoPostBody}, and RFC 6750's answers to bad tokens.
 */
@Tag("e2e")
class UserInfoTests extends ApplicationTest {

	private static final String USERINFO = "/oauth2/userinfo";

	private AuthClient client;

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@Test
	void oidccUserInfoGetWhenSessionTokenThenClaimsOfItsUser() {
		TestUsers.Credentials user = TestUsers.unique("userinfo");
		String userId = (String) this.client.register(user).get("id");
		String token = this.client.login(user).accessToken();

		assertClaims(this.http.get().uri(USERINFO).headers((h) -> h.setBearerAuth(token)).exchange(), userId,
				user.username());
	}

	@Test
	void oidccUserInfoPostHeaderWhenSessionTokenThenClaimsOfItsUser() {
		TestUsers.Credentials user = TestUsers.unique("userinfo");
		String userId = (String) this.client.register(user).get("id");
		String token = this.client.login(user).accessToken();

		assertClaims(this.http.post().uri(USERINFO).headers((h) -> h.setBearerAuth(token)).exchange(), userId,
				user.username());
	}

	@Test
	void oidccUserInfoPostBodyWhenTokenInFormThenClaimsOfItsUser() {
		TestUsers.Credentials user = TestUsers.unique("userinfo");
		String userId = (String) this.client.register(user).get("id");
		String token = this.client.login(user).accessToken();

		assertClaims(this.http.post().uri(USERINFO).body(BodyInserters.fromFormData("access_token", token)).exchange(),
				userId, user.username());
	}

	@Test
	void userInfoWhenNoTokenThen401ChallengeWithoutErrorOrBody() {
		this.http.get()
			.uri(USERINFO)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectBody()
			.isEmpty();
	}

	@Test
	void userInfoWhenTokenOnlyInTheQueryThenNotTaken() {
		String token = this.client.registerAndLogin(TestUsers.unique("userinfo")).accessToken();

		this.http.get()
			.uri(USERINFO + "?access_token=" + token)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	@Test
	void userInfoWhenSessionRevokedThenInvalidToken() {
		String token = this.client.registerAndLogin(TestUsers.unique("userinfo")).accessToken();
		this.client.withToken("DELETE", "/api/v1/sessions/current", token, null).expectStatus().isNoContent();

		invalidToken(this.http.get().uri(USERINFO).headers((h) -> h.setBearerAuth(token)).exchange());
		invalidToken(this.http.post().uri(USERINFO).body(BodyInserters.fromFormData("access_token", token)).exchange());
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "garbage", "signature byte changed", "alg none", "expired an hour ago, signed by the service",
					"wrong iss, signed by the service", "sid of no session, signed by the service",
					"sub of another user, sid of this session, signed by the service" })
	void userInfoWhenTokenForgedOrExpiredThenInvalidToken(String forgery) {
		AuthClient.Tokens tokens = this.client.registerAndLogin(TestUsers.unique("userinfo"));
		UUID otherUser = UUID.fromString((String) this.client.register(TestUsers.unique("userinfo")).get("id"));
		Map<String, String> forgeries = ForgedTokens.from(tokens.accessToken(), otherUser);
		assertThat(forgeries).containsKey(forgery);
		String token = forgeries.get(forgery);

		invalidToken(this.http.get().uri(USERINFO).headers((h) -> h.setBearerAuth(token)).exchange());
		invalidToken(this.http.post().uri(USERINFO).body(BodyInserters.fromFormData("access_token", token)).exchange());
	}

	@Test
	void userInfoWhenOtherAuthorizationSchemeThenInvalidToken() {
		invalidToken(this.http.get().uri(USERINFO).headers((h) -> h.setBasicAuth("someone", "secret")).exchange());
	}

	@Test
	void userInfoWhenTokenInHeaderAndBodyThenInvalidRequest() {
		String token = this.client.registerAndLogin(TestUsers.unique("userinfo")).accessToken();

		invalidRequest(this.http.post()
			.uri(USERINFO)
			.headers((h) -> h.setBearerAuth(token))
			.body(BodyInserters.fromFormData("access_token", token))
			.exchange());
	}

	@Test
	void userInfoWhenTokenTwiceInBodyThenInvalidRequest() {
		String token = this.client.registerAndLogin(TestUsers.unique("userinfo")).accessToken();

		invalidRequest(this.http.post()
			.uri(USERINFO)
			.body(BodyInserters.fromFormData("access_token", token).with("access_token", token))
			.exchange());
	}

	@Test
	void userInfoWhenBrokenFormThenInvalidRequest() {
		invalidRequest(this.client.send(HttpMethod.POST, USERINFO, MediaType.APPLICATION_FORM_URLENCODED_VALUE,
				"access_token=%ZZ", null));
	}

	@Test
	void userInfoWhenOtherMethodThen405InTheOAuthShape() {
		this.http.put()
			.uri(USERINFO)
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectHeader()
			.value(HttpHeaders.ALLOW, (allow) -> assertThat(allow).contains("GET").contains("POST"))
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_request")
			.jsonPath("$.code")
			.doesNotExist();
	}

	private static void assertClaims(WebTestClient.ResponseSpec response, String userId, String username) {
		response.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectHeader()
			.cacheControl(CacheControl.noStore())
			.expectBody()
			.jsonPath("$.sub")
			.isEqualTo(userId)
			.jsonPath("$.preferred_username")
			.isEqualTo(username);
	}

	private static void invalidToken(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
			.expectBody()
			.isEmpty();
	}

	private static void invalidRequest(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_request")
			.jsonPath("$.error_description")
			.isNotEmpty();
	}

}
