package dev.authflux.login;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.Browser;
import dev.authflux.support.OAuthCalls;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The confirmation page of RP-initiated logout in a real browser (headless Chromium): a
 * client sends a signed-in browser to {@code /oauth2/logout} without an
 * {@code id_token_hint}; the person sees who is signed in, confirms, and lands on the
 * client's {@code post_logout_redirect_uri}, on another origin than ours, which the
 * page's {@code form-action} must let the redirect after the post reach.
 */
@Tag("e2e")
class EndSessionBrowserTests extends ApplicationTest {

	@RegisterExtension
	static final Browser browser = new Browser();

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private AuthClient client;

	private TestUsers.Credentials user;

	private AuthClient.Tokens api;

	@BeforeEach
	void signedInInTheBrowser() {
		this.http = this.http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
		this.client = new AuthClient(this.http);
		this.user = TestUsers.unique("browser-end-session");
		this.api = this.client.registerAndLogin(this.user);
		WebDriver page = browser.openFresh(site() + "/login");
		page.findElement(By.id("username")).sendKeys(this.user.username());
		page.findElement(By.id("password")).sendKeys(this.user.password());
		Browser.clickAndWait(page, page.findElement(By.cssSelector("form[action='/login'] button[type=submit]")));
		assertThat(sessionsOf(this.api.accessToken())).as("the API's session and the browser's").hasSize(2);
	}

	@Test
	void endSessionWhenConfirmedThenSignedOutAndBackAtTheClientWithState() {
		String signedOut = otherOrigin() + "/login";
		String clientId = registerClient(signedOut);
		WebDriver page = browser.driver();
		page.get(site() + "/oauth2/logout?client_id=" + clientId + "&post_logout_redirect_uri=" + signedOut
				+ "&state=bye");

		assertThat(page.findElement(By.tagName("h1")).getText()).as(page::getPageSource).isEqualTo("Sign out?");
		assertThat(page.findElement(By.id("signed-in-user")).getText()).isEqualTo(this.user.username());
		Browser.clickAndWait(page, page.findElement(By.id("confirm-sign-out")));

		assertThat(page.getCurrentUrl()).as(page::getPageSource).isEqualTo(signedOut + "?state=bye");
		assertThat(sessionsOf(this.api.accessToken())).as("the browser's session ended").hasSize(1);
		page.get(site() + "/");
		assertThat(page.getCurrentUrl()).as("signed out here too").isEqualTo(site() + "/login");
	}

	@Test
	void endSessionWhenNoParametersThenConfirmedThenSignedOutPage() {
		WebDriver page = browser.driver();
		page.get(site() + "/oauth2/logout");
		Browser.clickAndWait(page, page.findElement(By.id("confirm-sign-out")));

		assertThat(page.findElement(By.id("signed-out")).getText()).isEqualTo("You are signed out");
		assertThat(sessionsOf(this.api.accessToken())).hasSize(1);
	}

	@Test
	void endSessionWhenStayingSignedInThenNothingEnds() {
		WebDriver page = browser.driver();
		page.get(site() + "/oauth2/logout?state=x");
		Browser.clickAndWait(page, page.findElement(By.linkText("Stay signed in")));

		assertThat(page.findElement(By.id("signed-in-user")).getText()).isEqualTo(this.user.username());
		assertThat(sessionsOf(this.api.accessToken())).hasSize(2);
	}

	@Test
	void endSessionWhenConfirmationTokenRemovedThenRefusedAndStillSignedIn() {
		WebDriver page = browser.driver();
		page.get(site() + "/oauth2/logout");
		((JavascriptExecutor) page).executeScript("document.querySelector('input[name=_csrf]').remove()");
		Browser.clickAndWait(page, page.findElement(By.id("confirm-sign-out")));

		assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Request refused");
		assertThat(sessionsOf(this.api.accessToken())).hasSize(2);
	}

	private String registerClient(String postLogoutRedirectUri) {
		Map<String, Object> registered = OAuthCalls.register(this.http,
				"{\"client_name\":\"end session\",\"redirect_uris\":[\"https://app.example.test/callback\"],"
						+ "\"grant_types\":[\"authorization_code\"],\"scope\":\"openid\","
						+ "\"post_logout_redirect_uris\":[\"" + postLogoutRedirectUri + "\"]}");
		return (String) registered.get("client_id");
	}

	/**
	 * The service as the browser reaches it: by IPv4 literal, as the API calls of the
	 * tests do, so that both count as the same client network for throttling.
	 */
	private String site() {
		return baseUrl().replace("//localhost:", "//127.0.0.1:");
	}

	/** The same service under another name: another origin, as a client's site is. */
	private String otherOrigin() {
		return baseUrl();
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> sessionsOf(String accessToken) {
		Map<String, Object> body = this.client.withToken("GET", "/api/v1/sessions", accessToken, null)
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		return (List<Map<String, Object>>) body.get("sessions");
	}

}
