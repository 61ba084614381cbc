package dev.authflux.oauth;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jwt.SignedJWT;
import dev.authflux.mfa.Authenticator;
import dev.authflux.support.AuthClient;
import dev.authflux.support.LoginForms;
import dev.authflux.support.OpenIdProviderTest;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static dev.authflux.support.CodeFlows.CALLBACK;
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
 * What a relying party learns of a sign-in with a second factor: the ID and access tokens
 * of the code flow, and of its refreshes, carry the browser session's {@code amr}.
 */
@Tag("e2e")
class SecondFactorIdTokenTests extends OpenIdProviderTest {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private static final Pattern HIDDEN = Pattern.compile("name=\"(_csrf|mfa_token)\" value=\"([^\"]+)\"");

	@Test
	void codeFlowWhenSignedInWithTotpThenIdAndAccessTokensCarryAmrPwdOtpAcrossRefresh() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("oidc-totp");
		AuthClient client = new AuthClient(this.http);
		Authenticator phone = Authenticator.enroll(client, client.registerAndLogin(user).accessToken(), user);
		Map<String, Object> app = register(this.http, offlineApp("amr app", "client_secret_basic"));

		Map<String, Object> tokens = tokens(app, signInWithCode(user, phone.nextCode()));

		assertThat(amr((String) tokens.get("id_token"))).containsExactly("pwd", "otp");
		assertThat(amr((String) tokens.get("access_token"))).containsExactly("pwd", "otp");
		Map<String, Object> refreshed = exchange(this.http, basicOf(app),
				query("grant_type", "refresh_token", "refresh_token", (String) tokens.get("refresh_token")))
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(amr((String) refreshed.get("id_token"))).containsExactly("pwd", "otp");
	}

	@Test
	void codeFlowWhenSignedInWithPasswordThenAmrPwd() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("oidc-pwd");
		new AuthClient(this.http).register(user);
		Map<String, Object> app = register(this.http, offlineApp("pwd app", "client_secret_basic"));

		Map<String, Object> tokens = tokens(app, signIn(this.http, user));

		assertThat(amr((String) tokens.get("id_token"))).containsExactly("pwd");
	}

	/** The two forms of the login page over HTTP; the browser session's cookie. */
	private String signInWithCode(TestUsers.Credentials user, String code) {
		LoginForms.Csrf csrf = LoginForms.csrf(this.http);
		String page = LoginForms.post(this.http, "/login", csrf.cookie(), LoginForms.signIn(csrf, user, null))
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		Matcher hidden = HIDDEN.matcher(page);
		while (hidden.find()) {
			fields.add(hidden.group(1), hidden.group(2));
		}
		assertThat(fields).as(page).containsKeys("_csrf", "mfa_token");
		fields.add("code", code);
		EntityExchangeResult<Void> result = LoginForms.post(this.http, "/login/code", csrf.cookie(), fields)
			.expectStatus()
			.isSeeOther()
			.expectBody()
			.isEmpty();
		ResponseCookie session = result.getResponseCookies().getFirst(LoginForms.SESSION_COOKIE);
		assertThat(session).isNotNull();
		return session.getValue();
	}

	private Map<String, Object> tokens(Map<String, Object> app, String cookie) {
		String code = params(
				redirect(
						authorize(this.http, cookie,
								query("client_id", (String) app.get("client_id"), "redirect_uri", CALLBACK,
										"response_type", "code", "scope", "openid offline_access", "state", "s"))))
			.getFirst("code");
		return exchange(this.http, basicOf(app),
				query("grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK))
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	private static List<String> amr(String jwt) throws Exception {
		return SignedJWT.parse(jwt).getJWTClaimsSet().getStringListClaim("amr");
	}

}
