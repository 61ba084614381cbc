package dev.authflux.login;

import java.util.List;
import java.util.Map;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.Browser;
import dev.authflux.support.TestUsers;
import dev.authflux.support.Throttling;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login page in a real browser (headless Chromium): what a person sees when signing
 * in, mistyping, being throttled, and signing out, and what a forged form and a redirect
 * to another site come to. {@code LoginPageIntegrationTests} covers the same pages'
 * headers and edge cases over plain HTTP.
 */
@Tag("e2e")
class LoginPageBrowserTests extends ApplicationTest {

	@RegisterExtension
	static final Browser browser = new Browser();

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private AuthClient client;

	@BeforeEach
	void client() {
		this.client = new AuthClient(this.http);
	}

	@Test
	void signInWhenPasswordRightThenSignedInPageAndSessionListedByTheApi() {
		TestUsers.Credentials user = TestUsers.unique("browser");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		WebDriver page = browser.openFresh(site() + "/login");
		submit(page, user.username(), user.password());
		assertThat(page.getCurrentUrl()).as(page::getPageSource).isEqualTo(site() + "/");
		assertThat(page.findElement(By.id("signed-in-user")).getText()).isEqualTo(user.username());
		List<Map<String, Object>> sessions = sessionsOf(api.accessToken());
		assertThat(sessions).hasSize(2);
		assertThat(sessions).anySatisfy((session) -> {
			assertThat(session.get("current")).isEqualTo(false);
			assertThat(session.get("kind")).isEqualTo("browser");
			assertThat((String) session.get("user_agent")).contains("Chrome");
		});
	}

	@Test
	void signInWhenPasswordWrongThenMessageAndUsernameKept() {
		TestUsers.Credentials user = TestUsers.unique("browser-wrong");
		this.client.register(user);
		WebDriver page = browser.openFresh(site() + "/login");
		submit(page, user.username(), "not the password");
		assertThat(page.getCurrentUrl()).isEqualTo(site() + "/login");
		assertThat(page.findElement(By.id("login-message")).getText())
			.isEqualTo("The username or password is incorrect.");
		assertThat(page.findElement(By.id("username")).getDomProperty("value")).isEqualTo(user.username());
		assertThat(page.findElement(By.id("password")).getDomProperty("value")).isEmpty();
	}

	@Test
	void signInWhenAccountThrottledThenPageSaysHowLongToWait() {
		TestUsers.Credentials user = TestUsers.unique("browser-throttled");
		this.client.register(user);
		for (int i = 0; i < 5; i++) {
			this.client.post("/api/v1/sessions", Throttling.wrong(user.username())).expectStatus().isUnauthorized();
		}
		WebDriver page = browser.openFresh(site() + "/login");
		submit(page, user.username(), user.password());
		assertThat(page.findElements(By.id("login-message"))).as(page::getPageSource).hasSize(1);
		assertThat(page.findElement(By.id("login-message")).getText())
			.matches("Too many failed attempts\\. Try again in \\d+ seconds\\.");
		assertThat(page.findElements(By.id("signed-in-user"))).isEmpty();
	}

	@Test
	void signInWhenCsrfTokenRemovedFromTheFormThenRefused() {
		TestUsers.Credentials user = TestUsers.unique("browser-csrf");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		WebDriver page = browser.openFresh(site() + "/login");
		((JavascriptExecutor) page).executeScript("document.querySelector('input[name=_csrf]').remove()");
		submit(page, user.username(), user.password());
		assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Request refused");
		assertThat(sessionsOf(api.accessToken())).as("no browser session").hasSize(1);
	}

	@Test
	void signOutWhenClickedThenSessionEnds() {
		TestUsers.Credentials user = TestUsers.unique("browser-logout");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		WebDriver page = browser.openFresh(site() + "/login");
		submit(page, user.username(), user.password());
		assertThat(sessionsOf(api.accessToken())).hasSize(2);
		Browser.clickAndWait(page, page.findElement(By.cssSelector("form[action='/logout'] button")));
		assertThat(page.getCurrentUrl()).isEqualTo(site() + "/login");
		assertThat(sessionsOf(api.accessToken())).hasSize(1);
		page.get(site() + "/");
		assertThat(page.getCurrentUrl()).as("signed out: the home page sends to the login page")
			.isEqualTo(site() + "/login");
	}

	@Test
	void signInWhenReturnToPointsElsewhereThenLandsOnTheDefaultPage() {
		TestUsers.Credentials user = TestUsers.unique("browser-redirect");
		this.client.register(user);
		for (String returnTo : List.of("https://evil.example/oauth2/authorize", "//evil.example/oauth2/authorize",
				"/%5Cevil.example")) {
			WebDriver page = browser.openFresh(site() + "/login?return_to=" + returnTo);
			submit(page, user.username(), user.password());
			assertThat(page.getCurrentUrl()).as(returnTo).isEqualTo(site() + "/");
		}
	}

	/**
	 * The service as the browser reaches it: by IPv4 literal, as the API calls of the
	 * tests do, so that both count as the same client network for throttling
	 * ({@code localhost} may resolve to {@code ::1} in the browser).
	 */
	private String site() {
		return baseUrl().replace("//localhost:", "//127.0.0.1:");
	}

	private static void submit(WebDriver page, String username, String password) {
		WebElement name = page.findElement(By.id("username"));
		name.clear();
		name.sendKeys(username);
		page.findElement(By.id("password")).sendKeys(password);
		Browser.clickAndWait(page, page.findElement(By.cssSelector("form[action='/login'] button[type=submit]")));
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
