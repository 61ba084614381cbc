package dev.authflux.oauth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.authflux.support.AuthClient;
import dev.authflux.support.OpenIdProviderTest;
import dev.authflux.support.TestUsers;
import dev.authflux.token.IdTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.MultiValueMap;

import static dev.authflux.oauth.OidccFlows.claims;
import static dev.authflux.oauth.OidccFlows.code;
import static dev.authflux.oauth.OidccFlows.idToken;
import static dev.authflux.oauth.OidccFlows.request;
import static dev.authflux.oauth.OidccFlows.signedInSecondsAgo;
import static dev.authflux.oauth.OidccFlows.tokens;
import static dev.authflux.support.CodeFlows.CALLBACK;
import static dev.authflux.support.CodeFlows.app;
import static dev.authflux.support.CodeFlows.authorize;
import static dev.authflux.support.CodeFlows.basicOf;
import static dev.authflux.support.CodeFlows.exchange;
import static dev.authflux.support.CodeFlows.params;
import static dev.authflux.support.CodeFlows.query;
import static dev.authflux.support.CodeFlows.redirect;
import static dev.authflux.support.CodeFlows.signIn;
import static dev.authflux.support.CodeFlows.throughTheLoginForm;
import static dev.authflux.support.OAuthCalls.register;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * More modules of the Basic OP plan (oidcc-basic-certification-test-plan) beside
 * {@code OidccBasicPlanTests}: prompt, max_age, the hints, code reuse after a while,
 * scopes and the parameters an OP must accept without acting on them. One test per
 * module, named after it; where the suite waits, the session's sign-in is moved into the
 * past instead.
 */
@Tag("e2e")
class OidccBasicPlanMoreTests extends OpenIdProviderTest {

	@Autowired
	private DatabaseClient db;

	@Autowired
	private IdTokens idTokens;

	private TestUsers.Credentials user;

	private String userId;

	private String cookie;

	private Map<String, Object> client;

	@BeforeEach
	void signedInUser() {
		// Sign-ins hash a password: on a busy machine that outlasts the default 5 s.
		this.http = this.http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
		this.user = TestUsers.unique("oidcc-more");
		this.userId = (String) new AuthClient(this.http).register(this.user).get("id");
		this.cookie = signIn(this.http, this.user);
		this.client = register(this.http, app("oidcc more", "client_secret_basic", true));
	}

	@Test
	void oidccPromptLoginWhenPromptLoginThenSignInAgainAndLaterAuthTime() {
		JWTClaimsSet first = claims(idToken(this.http, this.client, this.cookie, request(this.client, "openid", "1")));
		signedInSecondsAgo(this.db, first.getClaims().get("sid").toString(), 10);
		first = claims(idToken(this.http, this.client, this.cookie, request(this.client, "openid", "1")));

		URI login = redirect(authorize(this.http, this.cookie, request(this.client, "openid", "2") + "&prompt=login"));
		JWTClaimsSet second = claims((String) tokens(this.http, this.client,
				params(redirect(throughTheLoginForm(this.http, this.user, login))))
			.get("id_token"));

		assertThat(second.getSubject()).isEqualTo(first.getSubject());
		assertThat(authTime(second)).isGreaterThan(authTime(first));
	}

	@Test
	void oidccPromptNoneLoggedInWhenSignedInThenCodeWithTheSameUserAndAuthTime() {
		JWTClaimsSet first = claims(idToken(this.http, this.client, this.cookie, request(this.client, "openid", "1")));

		JWTClaimsSet second = claims(
				idToken(this.http, this.client, this.cookie, request(this.client, "openid", "2") + "&prompt=none"));

		assertThat(second.getSubject()).isEqualTo(first.getSubject()).isEqualTo(this.userId);
		assertThat(authTime(second)).isEqualTo(authTime(first));
	}

	@Test
	void oidccMaxAge1WhenSignInOlderThanMaxAgeThenSignInAgainAndAuthTime() {
		JWTClaimsSet first = claims(idToken(this.http, this.client, this.cookie, request(this.client, "openid", "1")));
		signedInSecondsAgo(this.db, first.getClaims().get("sid").toString(), 100);

		URI login = redirect(authorize(this.http, this.cookie, request(this.client, "openid", "2") + "&max_age=1"));
		assertThat(login.getPath()).isEqualTo("/login");
		JWTClaimsSet second = claims((String) tokens(this.http, this.client,
				params(redirect(throughTheLoginForm(this.http, this.user, login))))
			.get("id_token"));

		assertThat(second.getSubject()).isEqualTo(this.userId);
		assertThat(second.getClaims()).containsKey("auth_time");
		// The new sign-in's, not the old session's (100 s before the first token's).
		assertThat(authTime(second)).isGreaterThanOrEqualTo(authTime(first));
	}

	@Test
	void oidccMaxAge10000WhenSignInRecentThenCodeWithoutSignIn() {
		JWTClaimsSet first = claims(
				idToken(this.http, this.client, this.cookie, request(this.client, "openid", "1") + "&max_age=15000"));

		JWTClaimsSet second = claims(
				idToken(this.http, this.client, this.cookie, request(this.client, "openid", "2") + "&max_age=10000"));

		assertThat(first.getClaims()).containsKey("auth_time");
		assertThat(second.getSubject()).isEqualTo(first.getSubject());
		assertThat(authTime(second)).isEqualTo(authTime(first));
	}

	@Test
	void oidccIdTokenHintWhenHintOfTheSignedInUserWithPromptNoneThenCodeAtOnce() {
		String hint = idToken(this.http, this.client, this.cookie, request(this.client, "openid", "1"));

		JWTClaimsSet second = claims(idToken(this.http, this.client, this.cookie,
				request(this.client, "openid", "2") + "&prompt=none&" + query("id_token_hint", hint)));

		assertThat(second.getSubject()).isEqualTo(claims(hint).getSubject());
		assertThat(authTime(second)).isEqualTo(authTime(claims(hint)));
	}

	@Test
	void idTokenHintWhenExpiredButOfTheSignedInUserThenCode() {
		JWTClaimsSet genuine = claims(
				idToken(this.http, this.client, this.cookie, request(this.client, "openid", "1")));
		String expired = this.idTokens
			.sign(new JWTClaimsSet.Builder(genuine).issueTime(Date.from(Instant.now().minusSeconds(7200)))
				.expirationTime(Date.from(Instant.now().minusSeconds(3600)))
				.build())
			.block();

		code(this.http, this.cookie,
				request(this.client, "openid", "2") + "&prompt=none&" + query("id_token_hint", expired));
	}

	@Test
	void idTokenHintWhenNotAnIdTokenOfOursThenInvalidRequestToTheClient() {
		MultiValueMap<String, String> callback = params(redirect(authorize(this.http, this.cookie,
				request(this.client, "openid", "s-h") + "&" + query("id_token_hint", "eyJhbGciOiJub25lIn0.e30."))));

		assertThat(callback.getFirst("error")).isEqualTo("invalid_request");
		assertThat(callback.getFirst("state")).isEqualTo("s-h");
		assertThat(callback.getFirst("iss")).isEqualTo(ISSUER);
	}

	@Test
	void idTokenHintWhenOfAnotherUserThenLoginRequiredOrTheLoginPage() {
		TestUsers.Credentials other = TestUsers.unique("oidcc-other");
		new AuthClient(this.http).register(other);
		String otherHint = idToken(this.http, this.client, signIn(this.http, other),
				request(this.client, "openid", "o"));

		MultiValueMap<String, String> callback = params(redirect(authorize(this.http, this.cookie,
				request(this.client, "openid", "s-o") + "&prompt=none&" + query("id_token_hint", otherHint))));
		assertThat(callback.getFirst("error")).isEqualTo("login_required");
		assertThat(callback.getFirst("code")).isNull();

		URI login = redirect(authorize(this.http, this.cookie,
				request(this.client, "openid", "s-o") + "&" + query("id_token_hint", otherHint)));
		assertThat(login.getPath()).isEqualTo("/login");
		JWTClaimsSet signedInAsTheHinted = claims(
				(String) tokens(this.http, this.client, params(redirect(throughTheLoginForm(this.http, other, login))))
					.get("id_token"));
		assertThat(signedInAsTheHinted.getSubject()).isEqualTo(claims(otherHint).getSubject());
	}

	@Test
	void oidccLoginHintWhenSignedOutThenTheLoginPageHasTheUsernameFilledIn() {
		URI login = redirect(authorize(this.http, null,
				request(this.client, "openid", "s") + "&" + query("login_hint", this.user.username())));

		String page = this.http.get()
			.uri((base) -> URI.create(base.build() + login.toString()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).contains("value=\"" + this.user.username() + "\"");
	}

	@Test
	void oidccCodereuse30secondsWhenCodeSpentAndExpiredThenInvalidGrantAndItsTokensEnd() {
		MultiValueMap<String, String> callback = code(this.http, this.cookie, request(this.client, "openid", "s"));
		String accessToken = (String) tokens(this.http, this.client, callback).get("access_token");
		// Thirty seconds on: the code's lifetime is over as well.
		this.db.sql("UPDATE authorization_codes SET expires_at = now() - interval '30 seconds' WHERE code_hash = :hash")
			.bind("hash", AuthorizationCodes.hash(callback.getFirst("code")))
			.then()
			.block();

		exchange(this.http, basicOf(this.client),
				query("grant_type", "authorization_code", "code", callback.getFirst("code"), "redirect_uri", CALLBACK))
			.expectStatus()
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
	}

	@Test
	void oidccScopeProfileWhenProfileGrantedThenUserInfoHasItsClaimsAndTheIdTokenNone() {
		Map<String, Object> tokens = tokens(this.http, this.client,
				code(this.http, this.cookie, request(this.client, "openid profile", "s")));

		assertThat(claims((String) tokens.get("id_token")).getClaims()).doesNotContainKeys("name",
				"preferred_username");
		this.http.get()
			.uri("/oauth2/userinfo")
			.headers((headers) -> headers.setBearerAuth((String) tokens.get("access_token")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.sub")
			.isEqualTo(this.userId)
			.jsonPath("$.preferred_username")
			.isEqualTo(this.user.username());
	}

	@Test
	void oidccScopeEmailWhenEmailGrantedThenUserInfoHasTheAddressAndOtherwiseNot() {
		this.db.sql("UPDATE users SET email = :email WHERE id = :id")
			.bind("email", this.user.username() + "@example.test")
			.bind("id", UUID.fromString(this.userId))
			.fetch()
			.rowsUpdated()
			.block();
		Map<String, Object> mailApp = register(this.http,
				"{\"client_name\":\"oidcc email\",\"redirect_uris\":[\"" + CALLBACK
						+ "\"],\"grant_types\":[\"authorization_code\"],\"scope\":\"openid email\","
						+ "\"skip_consent\":true}");
		Map<String, Object> withEmail = tokens(this.http, mailApp,
				code(this.http, this.cookie, request(mailApp, "openid email", "e")));
		Map<String, Object> withoutEmail = tokens(this.http, this.client,
				code(this.http, this.cookie, request(this.client, "openid profile", "p")));

		assertThat(userInfo((String) withEmail.get("access_token"))).containsEntry("sub", this.userId)
			.containsEntry("email", this.user.username() + "@example.test")
			.containsEntry("email_verified", false);
		assertThat(userInfo((String) withoutEmail.get("access_token"))).containsEntry("sub", this.userId)
			.doesNotContainKeys("email", "email_verified");
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> userInfo(String accessToken) {
		return this.http.get()
			.uri("/oauth2/userinfo")
			.headers((headers) -> headers.setBearerAuth(accessToken))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	@Test
	void oidccAlternateHappyFlowWhenScopeAndParametersReorderedThenTokens() {
		String query = query("state", "alt", "scope", "profile openid", "response_type", "code", "redirect_uri",
				CALLBACK, "client_id", (String) this.client.get("client_id"));

		Map<String, Object> tokens = tokens(this.http, this.client, code(this.http, this.cookie, query));

		assertThat(tokens.get("scope").toString().split(" ")).containsExactlyInAnyOrder("openid", "profile");
		assertThat(claims((String) tokens.get("id_token")).getSubject()).isEqualTo(this.userId);
	}

	@Test
	void oidccIdtokenSignatureWhenNoAlgorithmRegisteredThenRs256WithKid() throws Exception {
		String idToken = idToken(this.http, this.client, this.cookie, request(this.client, "openid", "s"));

		JWSObject jws = JWSObject.parse(idToken);
		assertThat(jws.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(jws.getHeader().getKeyID()).isNotBlank();
		String jwks = this.http.get()
			.uri("/.well-known/jwks.json")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(jwks).contains("\"kid\":\"" + jws.getHeader().getKeyID() + "\"");
	}

	@Test
	void oidccDisplayPageWhenSignedOutThenTheLoginPage() {
		loginPageThenCode("display=page");
	}

	@Test
	void oidccDisplayPopupWhenSignedOutThenTheLoginPage() {
		loginPageThenCode("display=popup");
	}

	@Test
	void oidccUiLocalesWhenSignedOutThenTheLoginPage() {
		loginPageThenCode("ui_locales=se");
	}

	@Test
	void oidccClaimsLocalesWhenSentThenTheLoginPage() {
		loginPageThenCode("claims_locales=se");
	}

	@Test
	void oidccEnsureRequestWithAcrValuesSucceedsWhenAcrValuesThenTheLoginPage() {
		loginPageThenCode("acr_values=1+2");
	}

	/** The parameter changes nothing: the login page, then a code. */
	private void loginPageThenCode(String parameter) {
		URI login = redirect(authorize(this.http, null, request(this.client, "openid", "p") + "&" + parameter));
		assertThat(login.getPath()).isEqualTo("/login");

		MultiValueMap<String, String> callback = params(redirect(throughTheLoginForm(this.http, this.user, login)));

		assertThat(callback.getFirst("code")).isNotBlank();
		assertThat(callback.getFirst("state")).isEqualTo("p");
	}

	private static long authTime(JWTClaimsSet claims) {
		return ((Number) claims.getClaim("auth_time")).longValue();
	}

}
