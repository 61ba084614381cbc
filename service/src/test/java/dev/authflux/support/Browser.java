package dev.authflux.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * A real browser for the page tests: headless Chromium driven through chromedriver, one
 * per test class ({@code @RegisterExtension static Browser browser = new Browser();}),
 * with a fresh profile. Both programs are named by path (Debian's {@code chromium} and
 * {@code chromium-driver} packages by default; {@code AUTHFLUX_TEST_CHROMIUM} and
 * {@code AUTHFLUX_TEST_CHROMEDRIVER} override), so Selenium Manager never looks for, or
 * downloads, either. Without them the tests fail and say what to install: they are not
 * skipped.
 */
public final class Browser implements BeforeAllCallback, AfterAllCallback {

	private static final String BINARY = env("AUTHFLUX_TEST_CHROMIUM", "/usr/bin/chromium");

	private static final String DRIVER = env("AUTHFLUX_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");

	private WebDriver driver;

	private Path profile;

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		requireExecutable(BINARY, "AUTHFLUX_TEST_CHROMIUM");
		requireExecutable(DRIVER, "AUTHFLUX_TEST_CHROMEDRIVER");
		this.profile = Files.createTempDirectory("authflux-chromium-");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(DRIVER).toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions().setBinary(BINARY)
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
					"--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--user-data-dir=" + this.profile);
		this.driver = new ChromeDriver(service, options);
		this.driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		if (this.driver != null) {
			this.driver.quit();
		}
		if (this.profile != null) {
			try (Stream<Path> files = Files.walk(this.profile)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	public WebDriver driver() {
		return this.driver;
	}

	/** Opens {@code url} with no cookies of its site left from earlier tests. */
	public WebDriver openFresh(String url) {
		this.driver.get(url);
		this.driver.manage().deleteAllCookies();
		this.driver.get(url);
		return this.driver;
	}

	/** Clicks and waits until the next page has replaced this one. */
	/**
	 * Adds to the page's browser an authenticator as a phone or laptop has one: CTAP2,
	 * built in, keeping passkeys (resident keys) and verifying its user.
	 */
	public static VirtualAuthenticator addPasskeyAuthenticator(WebDriver page) {
		return ((HasVirtualAuthenticator) page).addVirtualAuthenticator(
				new VirtualAuthenticatorOptions().setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
					.setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
					.setHasResidentKey(true)
					.setHasUserVerification(true)
					.setIsUserVerified(true));
	}

	public static void clickAndWait(WebDriver page, WebElement element) {
		element.click();
		// chromedriver may answer the staleness check with an error of its own while the
		// old document goes: ask again.
		new WebDriverWait(page, Duration.ofSeconds(15)).ignoring(WebDriverException.class)
			.until(ExpectedConditions.stalenessOf(element));
	}

	private static void requireExecutable(String path, String variable) {
		if (!Files.isExecutable(Path.of(path))) {
			throw new IllegalStateException("The browser tests need Chromium and its driver, and " + path
					+ " is missing. Install them: `sudo apt-get install chromium chromium-driver` (Debian/Ubuntu),"
					+ " or point " + variable + " at the program.");
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
