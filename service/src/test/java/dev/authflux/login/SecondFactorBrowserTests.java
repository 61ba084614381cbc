package dev.authflux.login;

import java.util.List;
import java.util.Map;

import dev.authflux.mfa.Authenticator;
import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.Browser;
import dev.authflux.support.TestUsers;
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
 * Signing in on the login page to an account with TOTP, in a real browser (headless
 * Chromium): the password leads to a second form that asks for the code, and only a right
 * code signs in.
 */
@Tag("e2e")
class SecondFactorBrowserTests extends ApplicationTest {

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
	void signInWhenTotpEnabledThenTheCodeFormAsksForTheCodeAndARightOneSignsIn() {
		TestUsers.Credentials user = TestUsers.unique("browser-totp");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		Authenticator phone = Authenticator.enroll(this.client, api.accessToken(), user);
		WebDriver page = browser.openFresh(site() + "/login");

		submitPassword(page, user);
		assertThat(page.findElement(By.tagName("h1")).getText()).as(page::getPageSource)
			.isEqualTo("Two-step verification");
		assertThat(sessionsOf(api.accessToken())).as("no browser session for the password alone").hasSize(1);
		WebElement code = page.findElement(By.id("code"));
		assertThat(code.getDomAttribute("autocomplete")).isEqualTo("one-time-code");
		assertThat(page.findElement(By.cssSelector("label[for=code]")).getText())
			.isEqualTo("Code from your authenticator app, or a recovery code");
		assertThat(page.findElements(By.cssSelector("form[action='/login/code'] input[name=_csrf]"))).hasSize(1);

		submitCode(page, phone.nextCode());
		assertThat(page.getCurrentUrl()).as(page::getPageSource).isEqualTo(site() + "/");
		assertThat(page.findElement(By.id("signed-in-user")).getText()).isEqualTo(user.username());
		assertThat(sessionsOf(api.accessToken()))
			.anySatisfy((session) -> assertThat(session.get("kind")).isEqualTo("browser"));
	}

	@Test
	void signInWhenCodeWrongThenAskedAgainAndARecoveryCodeSignsIn() {
		TestUsers.Credentials user = TestUsers.unique("browser-totp-wrong");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		Authenticator phone = Authenticator.enroll(this.client, api.accessToken(), user);
		WebDriver page = browser.openFresh(site() + "/login");
		submitPassword(page, user);

		submitCode(page, phone.wrongCode());
		assertThat(page.findElement(By.id("code-message")).getText())
			.isEqualTo("The code is incorrect or was already used.");
		assertThat(page.findElements(By.id("signed-in-user"))).isEmpty();

		submitCode(page, phone.recoveryCodes().get(0));
		assertThat(page.findElement(By.id("signed-in-user")).getText()).as(page::getPageSource)
			.isEqualTo(user.username());
	}

	@Test
	void signInWhenCsrfTokenRemovedFromTheCodeFormThenRefused() {
		TestUsers.Credentials user = TestUsers.unique("browser-totp-csrf");
		AuthClient.Tokens api = this.client.registerAndLogin(user);
		Authenticator phone = Authenticator.enroll(this.client, api.accessToken(), user);
		WebDriver page = browser.openFresh(site() + "/login");
		submitPassword(page, user);

		((JavascriptExecutor) page).executeScript("document.querySelector('input[name=_csrf]').remove()");
		submitCode(page, phone.nextCode());
		assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Request refused");
		assertThat(sessionsOf(api.accessToken())).as("no browser session").hasSize(1);
	}

	private String site() {
		return baseUrl().replace("//localhost:", "//127.0.0.1:");
	}

	private static void submitPassword(WebDriver page, TestUsers.Credentials user) {
		page.findElement(By.id("username")).sendKeys(user.username());
		page.findElement(By.id("password")).sendKeys(user.password());
		Browser.clickAndWait(page, page.findElement(By.cssSelector("form[action='/login'] button[type=submit]")));
	}

	private static void submitCode(WebDriver page, String code) {
		WebElement field = page.findElement(By.id("code"));
		field.clear();
		field.sendKeys(code);
		Browser.clickAndWait(page, page.findElement(By.cssSelector("form[action='/login/code'] button[type=submit]")));
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
