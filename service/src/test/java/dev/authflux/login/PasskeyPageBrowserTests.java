package dev.authflux.login;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import dev.authflux.mfa.Authenticator;
import dev.authflux.support.AuthClient;
import dev.authflux.support.Browser;
import dev.authflux.support.ClientCallback;
import dev.authflux.support.OpenIdProviderTest;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.util.MultiValueMap;

import static dev.authflux.support.CodeFlows.basicOf;
import static dev.authflux.support.CodeFlows.exchange;
import static dev.authflux.support.CodeFlows.query;
import static dev.authflux.support.OAuthCalls.register;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login pages' passkey buttons in a real browser: headless Chromium with its virtual
 * authenticator (CTAP2, internal transport, resident keys, user verification), the
 * buttons shown by the service's script and clicked as a person would. The passkey is
 * registered through the API from a page of the service's origin, as in
 * {@code PasskeyBrowserTests}.
 */
@Tag("e2e")
class PasskeyPageBrowserTests extends OpenIdProviderTest {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@RegisterExtension
	static final Browser browser = new Browser();

	@RegisterExtension
	static final ClientCallback callback = new ClientCallback();

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	/** Registration: options from the API, create(), the credential back to the API. */
	private static final String REGISTER = """
			const [token, done] = arguments;
			(async () => {
			  const headers = {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'};
			  const options = await (await fetch('/api/v1/users/me/passkeys/registration-options',
			      {method: 'POST', headers})).json();
			  const credential = await navigator.credentials.create(
			      {publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options)});
			  const response = await fetch('/api/v1/users/me/passkeys',
			      {method: 'POST', headers, body: JSON.stringify({credential: credential.toJSON()})});
			  return response.status;
			})().then(done, (error) => done(String(error)));
			""";

	private AuthClient client;

	private HasVirtualAuthenticator authenticators;

	private VirtualAuthenticator authenticator;

	@BeforeEach
	void authenticator() {
		this.client = new AuthClient(this.http.mutate().responseTimeout(WAIT).build());
		callback.clear();
		WebDriver page = fresh(ISSUER + "/livez");
		page.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
		this.authenticators = (HasVirtualAuthenticator) page;
		this.authenticator = Browser.addPasskeyAuthenticator(page);
	}

	@AfterEach
	void removeAuthenticator() {
		this.authenticators.removeVirtualAuthenticator(this.authenticator);
	}

	@Test
	void codeFlowWhenSignedInWithThePasskeyButtonThenTheClientGetsACodeAndTheIdTokenSaysWebauthn() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("page-pk-browser");
		registerPasskey(this.client.registerAndLogin(user).accessToken());
		Map<String, Object> app = register(this.http,
				"{\"client_name\":\"passkey app\",\"redirect_uris\":[\"" + callback.uri()
						+ "\"],\"grant_types\":[\"authorization_code\"],\"scope\":\"openid\","
						+ "\"token_endpoint_auth_method\":\"client_secret_basic\",\"skip_consent\":true}");
		WebDriver page = fresh(ISSUER + "/oauth2/authorize?" + query("response_type", "code", "client_id",
				(String) app.get("client_id"), "redirect_uri", callback.uri(), "scope", "openid", "state", "pk-1"));
		assertThat(page.getCurrentUrl()).startsWith(ISSUER + "/login?");

		Browser.clickAndWait(page, shownPasskeyButton(page, "Sign in with a passkey"));

		MultiValueMap<String, String> back = callback.next(WAIT);
		assertThat(back.getFirst("state")).isEqualTo("pk-1");
		assertThat(back.getFirst("code")).as(page::getPageSource).isNotBlank();
		Map<String, Object> tokens = exchange(this.http, basicOf(app), query("grant_type", "authorization_code", "code",
				back.getFirst("code"), "redirect_uri", callback.uri()))
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		SignedJWT idToken = SignedJWT.parse((String) tokens.get("id_token"));
		assertThat(idToken.getJWTClaimsSet().getStringListClaim("amr")).contains("webauthn");
		assertThat(idToken.getJWTClaimsSet().getSubject()).isNotBlank();
	}

	@Test
	void codePageWhenTheTotpAccountHasAPasskeyThenUseAPasskeySignsIn() {
		TestUsers.Credentials user = TestUsers.unique("page-pk-browser-2f");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		Authenticator.enroll(this.client, api.accessToken(), user);
		registerPasskey(api.accessToken());
		WebDriver page = fresh(ISSUER + "/login");

		page.findElement(By.id("username")).sendKeys(user.username());
		page.findElement(By.id("password")).sendKeys(user.password());
		Browser.clickAndWait(page, page.findElement(By.cssSelector("form[action='/login'] button[type=submit]")));
		assertThat(page.findElement(By.tagName("h1")).getText()).as(page::getPageSource)
			.isEqualTo("Two-step verification");

		Browser.clickAndWait(page, shownPasskeyButton(page, "Use a passkey"));

		assertThat(page.getCurrentUrl()).as(page::getPageSource).isEqualTo(ISSUER + "/");
		assertThat(page.findElement(By.id("signed-in-user")).getText()).isEqualTo(user.username());
		assertThat(browserSession(api.accessToken())).as("a browser session, listed by the API").isNotNull();
	}

	/** The passkey button, once the script has shown it. */
	private static WebElement shownPasskeyButton(WebDriver page, String label) {
		WebElement button = new WebDriverWait(page, WAIT)
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey")));
		assertThat(button.getText()).isEqualTo(label);
		return button;
	}

	private void registerPasskey(String accessToken) {
		WebDriver page = fresh(ISSUER + "/livez");
		Object status = ((JavascriptExecutor) page).executeAsyncScript(REGISTER, accessToken);
		assertThat(status).as("registration in the page").isEqualTo(201L);
		assertThat(this.authenticator.getCredentials()).isNotEmpty();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> browserSession(String accessToken) {
		List<Map<String, Object>> sessions = (List<Map<String, Object>>) this.client
			.withToken("GET", "/api/v1/sessions", accessToken, null)
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("sessions");
		return sessions.stream().filter((session) -> "browser".equals(session.get("kind"))).findFirst().orElse(null);
	}

	/** Opens {@code url} with no cookies of the service left from earlier tests. */
	private static WebDriver fresh(String url) {
		WebDriver page = browser.driver();
		page.get(ISSUER + "/livez");
		page.manage().deleteAllCookies();
		page.get(url);
		return page;
	}

}
