package dev.authflux.passkey;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import dev.authflux.mfa.Authenticator;
import dev.authflux.support.AuthClient;
import dev.authflux.support.Browser;
import dev.authflux.support.OpenIdProviderTest;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;

import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys in a real browser: headless Chromium with its virtual authenticator (CTAP2,
 * internal transport, resident keys, user verification) runs both ceremonies with
 * {@code navigator.credentials}, on a page of the service's origin (the RP ID is
 * {@code localhost}, the defaults taken from the issuer), and posts what it made to the
 * API with {@code fetch}, as a web application's own page would.
 */
@Tag("e2e")
class PasskeyBrowserTests extends OpenIdProviderTest {

	@RegisterExtension
	static final Browser browser = new Browser();

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	/** Registration: options from the API, create(), the credential back to the API. */
	private static final String REGISTER = """
			const [token, name, done] = arguments;
			(async () => {
			  const headers = {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'};
			  const options = await (await fetch('/api/v1/users/me/passkeys/registration-options',
			      {method: 'POST', headers})).json();
			  const credential = await navigator.credentials.create(
			      {publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options)});
			  const response = await fetch('/api/v1/users/me/passkeys',
			      {method: 'POST', headers, body: JSON.stringify({credential: credential.toJSON(), name})});
			  return {status: response.status, body: await response.json()};
			})().then(done, (error) => done({error: String(error)}));
			""";

	/**
	 * Login: options from the API, get() with no credential named, the assertion back.
	 */
	private static final String LOG_IN = """
			const done = arguments[arguments.length - 1];
			(async () => {
			  const options = await (await fetch('/api/v1/sessions/passkey-options', {method: 'POST'})).json();
			  const assertion = await navigator.credentials.get(
			      {publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options)});
			  const response = await fetch('/api/v1/sessions/passkey', {method: 'POST',
			      headers: {'Content-Type': 'application/json'},
			      body: JSON.stringify({credential: assertion.toJSON()})});
			  return {status: response.status, body: await response.json()};
			})().then(done, (error) => done({error: String(error)}));
			""";

	/**
	 * The second step of a password login: options for the mfa_token, get() with the
	 * account's passkeys named, the assertion back with the token.
	 */
	private static final String SECOND_STEP = """
			const [mfaToken, done] = arguments;
			(async () => {
			  const headers = {'Content-Type': 'application/json'};
			  const options = await (await fetch('/api/v1/sessions/mfa/passkey-options',
			      {method: 'POST', headers, body: JSON.stringify({mfa_token: mfaToken})})).json();
			  const assertion = await navigator.credentials.get(
			      {publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options)});
			  const response = await fetch('/api/v1/sessions/mfa', {method: 'POST', headers,
			      body: JSON.stringify({mfa_token: mfaToken, credential: assertion.toJSON()})});
			  return {status: response.status, body: await response.json()};
			})().then(done, (error) => done({error: String(error)}));
			""";

	private AuthClient client;

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@Test
	@SuppressWarnings("unchecked")
	void passkeyWhenRegisteredInTheBrowserThenLogsInAloneUntilDeleted() {
		TestUsers.Credentials user = TestUsers.unique("pk-browser");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		// A page of the service's origin without a Content-Security-Policy: the login
		// page's (default-src 'none') would forbid the page's fetch calls.
		WebDriver page = browser.openFresh(ISSUER + "/livez");
		page.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
		HasVirtualAuthenticator authenticators = (HasVirtualAuthenticator) page;
		VirtualAuthenticator authenticator = Browser.addPasskeyAuthenticator(page);
		try {
			Map<String, Object> registered = run(page, REGISTER, api.accessToken(), "Chromium");
			assertThat(registered.get("status")).as(registered::toString).isEqualTo(201L);
			assertThat((Map<String, Object>) registered.get("body")).containsEntry("name", "Chromium");
			assertThat(authenticator.getCredentials()).singleElement()
				.satisfies((credential) -> assertThat(credential.isResidentCredential()).isTrue());

			this.client.withToken("DELETE", "/api/v1/sessions/current", api.accessToken(), null)
				.expectStatus()
				.isNoContent();
			this.client.assertAccessTokenRejected(api.accessToken());

			Map<String, Object> loggedIn = run(page, LOG_IN);
			assertThat(loggedIn.get("status")).as(loggedIn::toString).isEqualTo(201L);
			String accessToken = (String) ((Map<String, Object>) loggedIn.get("body")).get("access_token");
			this.client.me(accessToken)
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.username")
				.isEqualTo(user.username());

			List<Map<String, Object>> passkeys = (List<Map<String, Object>>) this.client
				.withToken("GET", PasskeyRoutes.PASSKEYS, accessToken, null)
				.expectStatus()
				.isOk()
				.expectBody(JSON_OBJECT)
				.returnResult()
				.getResponseBody()
				.get("passkeys");
			assertThat(passkeys).singleElement().satisfies((passkey) -> {
				assertThat(passkey).containsEntry("name", "Chromium");
				assertThat(passkey.get("last_used_at")).isNotNull();
			});
			this.client.withToken("DELETE", PasskeyRoutes.PASSKEYS + "/" + passkeys.get(0).get("id"), accessToken, null)
				.expectStatus()
				.isNoContent();

			Map<String, Object> refused = run(page, LOG_IN);
			assertThat(refused.get("status")).as(refused::toString).isEqualTo(401L);
			assertThat((Map<String, Object>) refused.get("body")).containsEntry("code", "invalid_passkey");
		}
		finally {
			authenticators.removeVirtualAuthenticator(authenticator);
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void passkeyWhenTotpAccountLogsInWithPasswordThenThePasskeyAnswersTheSecondStep() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("pk-browser-2f");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		Authenticator.enroll(this.client, api.accessToken(), user);
		WebDriver page = browser.openFresh(ISSUER + "/livez");
		page.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
		HasVirtualAuthenticator authenticators = (HasVirtualAuthenticator) page;
		VirtualAuthenticator authenticator = Browser.addPasskeyAuthenticator(page);
		try {
			Map<String, Object> registered = run(page, REGISTER, api.accessToken(), "Chromium");
			assertThat(registered.get("status")).as(registered::toString).isEqualTo(201L);
			Map<String, Object> challenge = this.client.post("/api/v1/sessions", user.json())
				.expectStatus()
				.isOk()
				.expectBody(JSON_OBJECT)
				.returnResult()
				.getResponseBody();
			assertThat(challenge).containsEntry("methods", List.of("totp", "recovery_code", "webauthn"));

			Map<String, Object> loggedIn = run(page, SECOND_STEP, challenge.get("mfa_token"));
			assertThat(loggedIn.get("status")).as(loggedIn::toString).isEqualTo(201L);
			String accessToken = (String) ((Map<String, Object>) loggedIn.get("body")).get("access_token");
			assertThat(SignedJWT.parse(accessToken).getJWTClaimsSet().getStringListClaim("amr")).containsExactly("pwd",
					"webauthn");
			this.client.me(accessToken).expectStatus().isOk();
		}
		finally {
			authenticators.removeVirtualAuthenticator(authenticator);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> run(WebDriver page, String script, Object... arguments) {
		Object result = ((JavascriptExecutor) page).executeAsyncScript(script, arguments);
		assertThat(result).isInstanceOf(Map.class);
		Map<String, Object> outcome = (Map<String, Object>) result;
		assertThat(outcome).as("the script failed in the page").doesNotContainKey("error");
		return outcome;
	}

}
