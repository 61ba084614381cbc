package dev.authflux.oauth;

import java.time.Duration;
import java.util.Map;

import dev.authflux.support.AuthClient;
import dev.authflux.support.Browser;
import dev.authflux.support.ClientCallback;
import dev.authflux.support.OpenIdProviderTest;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import org.springframework.util.MultiValueMap;

import static dev.authflux.support.CodeFlows.query;
import static dev.authflux.support.OAuthCalls.register;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization code flow in a real browser (headless Chromium), with the client's
 * redirect URI on another origin than the service, as a deployed client's is: the browser
 * must get from the service's forms back to the client, which receives what RFC 6749 and
 * RFC 9207 promise.
 */
@Tag("e2e")
class AuthorizationBrowserTests extends OpenIdProviderTest {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@RegisterExtension
	static final Browser browser = new Browser();

	@RegisterExtension
	static final ClientCallback callback = new ClientCallback();

	private TestUsers.Credentials user;

	@BeforeEach
	void userAndCleanCallback() {
		this.user = TestUsers.unique("browser-flow");
		// Registration hashes a password: give a busy machine more than the default 5 s.
		new AuthClient(this.http.mutate().responseTimeout(WAIT).build()).register(this.user);
		callback.clear();
	}

	@Test
	void codeFlowWhenCallbackOnAnotherOriginThenTheClientGetsCodeStateAndIss() {
		String clientId = client("first party", true);
		WebDriver page = fresh(authorizeUrl(clientId, "openid", "state-1"));
		assertThat(page.getCurrentUrl()).startsWith(ISSUER + "/login?");

		signIn(page, this.user);

		MultiValueMap<String, String> back = callback.next(WAIT);
		assertThat(back.getFirst("code")).isNotBlank();
		assertThat(back.getFirst("state")).isEqualTo("state-1");
		assertThat(back.getFirst("iss")).isEqualTo(ISSUER);
	}

	@Test
	void promptNoneWhenNobodySignedInThenLoginRequiredAtTheClient() {
		String clientId = client("prompt none", true);
		fresh(authorizeUrl(clientId, "openid", "state-none", "prompt", "none"));

		MultiValueMap<String, String> back = callback.next(WAIT);
		assertThat(back.getFirst("error")).isEqualTo("login_required");
		assertThat(back.getFirst("state")).isEqualTo("state-none");
		assertThat(back.getFirst("iss")).isEqualTo(ISSUER);
		assertThat(back.getFirst("code")).isNull();
	}

	@Test
	void signInWhenPasswordWrongThenThePageAgainAndTheRightOneStillReachesTheClient() {
		String clientId = client("wrong password", true);
		WebDriver page = fresh(authorizeUrl(clientId, "openid", "state-2"));
		signIn(page, this.user.username(), "not the password");
		assertThat(page.getCurrentUrl()).startsWith(ISSUER + "/login");
		assertThat(page.findElement(By.id("login-message")).getText())
			.isEqualTo("The username or password is incorrect.");

		signIn(page, this.user);
		MultiValueMap<String, String> back = callback.next(WAIT);
		assertThat(back.getFirst("code")).isNotBlank();
		assertThat(back.getFirst("state")).isEqualTo("state-2");
	}

	@Test
	void consentWhenAllowedThenCodeAndTheNextRequestWithinItShowsNoPage() {
		String clientId = client("Photo Printer", false);
		WebDriver page = fresh(authorizeUrl(clientId, "openid profile", "state-3"));
		signIn(page, this.user);

		assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Allow access?");
		assertThat(page.findElement(By.id("client-name")).getText()).isEqualTo("Photo Printer");
		assertThat(page.findElements(By.cssSelector("#scopes li"))).extracting(WebElement::getText)
			.containsExactly("Know who you are: sign you in with your account.", "See your profile: your username.");
		Browser.clickAndWait(page, page.findElement(By.id("allow")));
		MultiValueMap<String, String> back = callback.next(WAIT);
		assertThat(back.getFirst("code")).isNotBlank();
		assertThat(back.getFirst("state")).isEqualTo("state-3");
		assertThat(back.getFirst("iss")).isEqualTo(ISSUER);

		fromTheClient(page, authorizeUrl(clientId, "openid", "state-4"));
		MultiValueMap<String, String> again = callback.next(WAIT);
		assertThat(again.getFirst("code")).as("no consent page the second time").isNotBlank();
		assertThat(again.getFirst("state")).isEqualTo("state-4");
		assertThat(page.findElements(By.id("client-callback"))).hasSize(1);
	}

	@Test
	void consentWhenDeniedThenAccessDeniedAtTheClientAndNothingRemembered() {
		String clientId = client("Denied App", false);
		WebDriver page = fresh(authorizeUrl(clientId, "openid", "state-5"));
		signIn(page, this.user);
		Browser.clickAndWait(page, page.findElement(By.id("deny")));

		MultiValueMap<String, String> back = callback.next(WAIT);
		assertThat(back.getFirst("error")).isEqualTo("access_denied");
		assertThat(back.getFirst("state")).isEqualTo("state-5");
		assertThat(back.getFirst("iss")).isEqualTo(ISSUER);
		assertThat(back.getFirst("code")).isNull();

		page.get(authorizeUrl(clientId, "openid", "state-6"));
		assertThat(page.findElement(By.id("client-name")).getText()).as("asked again").isEqualTo("Denied App");
	}

	@Test
	void consentWhenPromptConsentThenThePageAgainDespiteTheRememberedConsent() {
		String clientId = client("Prompted App", false);
		WebDriver page = fresh(authorizeUrl(clientId, "openid", "state-7"));
		signIn(page, this.user);
		Browser.clickAndWait(page, page.findElement(By.id("allow")));
		assertThat(callback.next(WAIT).getFirst("code")).isNotBlank();

		// From the client's site, as a real client sends the browser: the CSRF cookie
		// (SameSite=Strict) does not come along, and the page sets a new one.
		fromTheClient(page, authorizeUrl(clientId, "openid", "state-8", "prompt", "consent"));
		assertThat(page.findElement(By.id("client-name")).getText()).isEqualTo("Prompted App");
		Browser.clickAndWait(page, page.findElement(By.id("allow")));
		MultiValueMap<String, String> back = callback.next(WAIT);
		assertThat(back.getFirst("code")).isNotBlank();
		assertThat(back.getFirst("state")).isEqualTo("state-8");
	}

	/**
	 * Opens {@code url} with no cookies of the service left from earlier tests (loading
	 * one of its pages first, as cookies can only be deleted for the site shown).
	 */
	private static WebDriver fresh(String url) {
		WebDriver page = browser.driver();
		page.get(ISSUER + "/login");
		page.manage().deleteAllCookies();
		page.get(url);
		return page;
	}

	/** Follows a link on the client's own page to {@code url}. */
	private static void fromTheClient(WebDriver page, String url) {
		page.get(callback.linkTo(url));
		Browser.clickAndWait(page, page.findElement(By.id("start")));
	}

	private String client(String name, boolean skipConsent) {
		Map<String, Object> client = register(this.http,
				"{\"client_name\":\"" + name + "\",\"redirect_uris\":[\"" + callback.uri()
						+ "\"],\"grant_types\":[\"authorization_code\"],\"scope\":\"openid profile offline_access\","
						+ "\"skip_consent\":" + skipConsent + "}");
		return (String) client.get("client_id");
	}

	private static String authorizeUrl(String clientId, String scope, String state, String... more) {
		StringBuilder url = new StringBuilder(ISSUER + "/oauth2/authorize?").append(query("response_type", "code",
				"client_id", clientId, "redirect_uri", callback.uri(), "scope", scope, "state", state));
		for (int i = 0; i < more.length; i += 2) {
			url.append('&').append(query(more[i], more[i + 1]));
		}
		return url.toString();
	}

	private static void signIn(WebDriver page, TestUsers.Credentials user) {
		signIn(page, user.username(), user.password());
	}

	private static void signIn(WebDriver page, String username, String password) {
		WebElement name = page.findElement(By.id("username"));
		name.clear();
		name.sendKeys(username);
		page.findElement(By.id("password")).sendKeys(password);
		Browser.clickAndWait(page, page.findElement(By.cssSelector("form[action='/login'] button[type=submit]")));
	}

}
