package dev.authflux.oidc;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.authflux.support.AuthClient;
import dev.authflux.support.CodeFlows;
import dev.authflux.support.InteropProcess;
import dev.authflux.support.OAuthCalls;
import dev.authflux.support.OpenIdProviderTest;
import dev.authflux.support.TestUsers;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stock Spring Boot 4 application signing its users in with {@code oauth2Login()} (the
 * {@code interop} module's {@code rp-login} profile: nothing but
 * {@code spring.security.oauth2.client.*} properties with authflux's issuer), driven as a
 * browser drives it, one redirect at a time, with a cookie jar: the application sends the
 * browser to our authorization endpoint with PKCE, the user signs in on our login page,
 * and the application exchanges the code, checks the ID token and fetches userinfo.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuth2LoginInteropTests extends OpenIdProviderTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration STARTUP = Duration.ofSeconds(180);

	/** The registration id of application-rp-login.yaml, part of its redirect URI. */
	private static final String REGISTRATION = "authflux";

	private static final Pattern HIDDEN_FIELD = Pattern
		.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

	private static final Pattern FORM_ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\">");

	/**
	 * authflux, for registering clients and users: ApplicationTest's client exists only
	 * from @BeforeEach, and the relying parties' start makes for a slow machine.
	 */
	private final WebTestClient service = WebTestClient.bindToServer()
		.baseUrl(ISSUER)
		.responseTimeout(Duration.ofSeconds(60))
		.build();

	private InteropProcess relyingParty;

	/** The same application, configured with a client an operator has disabled. */
	private InteropProcess disabledClientsParty;

	/** Both start at once; authflux (this class' application context) is already up. */
	@BeforeAll
	void startRelyingParties() throws Exception {
		int port = InteropProcess.freePort();
		Map<String, Object> client = OAuthCalls.register(this.service, webApp("spring oauth2Login", port));
		int disabledPort = InteropProcess.freePort();
		Map<String, Object> disabled = OAuthCalls.register(this.service, webApp("spring disabled", disabledPort));
		OAuthCalls
			.admin(this.service, HttpMethod.POST, OAuthCalls.CLIENTS + "/" + disabled.get("client_id") + "/disable",
					null)
			.expectStatus()
			.isNoContent();
		this.relyingParty = start(port, client);
		this.disabledClientsParty = start(disabledPort, disabled);
		for (InteropProcess relyingParty : List.of(this.relyingParty, this.disabledClientsParty)) {
			// Not signed in: Spring Security redirects to its sign-in with authflux.
			relyingParty.awaitReady(STARTUP, "/me", 302);
		}
	}

	@AfterAll
	void stopRelyingParties() {
		for (InteropProcess relyingParty : new InteropProcess[] { this.relyingParty, this.disabledClientsParty }) {
			if (relyingParty != null) {
				relyingParty.close();
			}
		}
	}

	@Test
	void signInWhenUserSignsInOnOurLoginPageThenTheApplicationKnowsThemFromIdTokenAndUserInfo() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("rp-login");
		String userId = (String) new AuthClient(this.service).register(user).get("id");
		Browser browser = new Browser();

		HttpResponse<String> authorization = browser.toOurAuthorizationEndpoint(this.relyingParty);
		MultiValueMap<String, String> request = CodeFlows.params(authorization.uri());
		assertThat(request.getFirst("response_type")).isEqualTo("code");
		assertThat(request.getFirst("scope").split(" ")).containsExactlyInAnyOrder("openid", "profile", "email");
		assertThat(request.getFirst("redirect_uri")).isEqualTo(callback(this.relyingParty));
		// PKCE although the client has a secret: Spring Security 7's default.
		assertThat(request.getFirst("code_challenge_method")).isEqualTo("S256");
		assertThat(request.getFirst("code_challenge")).matches("[A-Za-z0-9_-]{43}");
		assertThat(request.getFirst("nonce")).isNotBlank();

		HttpResponse<String> loginPage = browser.follow(authorization);
		assertThat(loginPage.statusCode()).isEqualTo(200);
		assertThat(loginPage.uri().toString()).startsWith(ISSUER + "/login?");
		HttpResponse<String> back = browser.follow(browser.submitLoginForm(loginPage, user, user.password()));
		assertThat(back.statusCode()).isEqualTo(303);
		URI callback = location(back);
		assertThat(callback.toString()).startsWith(callback(this.relyingParty) + "?");
		assertThat(CodeFlows.params(callback).getFirst("iss")).isEqualTo(ISSUER);

		// The application exchanges the code, checks the ID token, asks userinfo and
		// sends
		// the browser back to the page it first asked for.
		HttpResponse<String> signedIn = browser.follow(browser.get(callback));
		assertThat(signedIn.statusCode()).as("%s%n%s", signedIn.body(), this.relyingParty.tail()).isEqualTo(200);
		assertThat(signedIn.uri().getPath()).isEqualTo("/me");
		Map<String, Object> me = json(signedIn);
		assertThat(me).containsEntry("registration", REGISTRATION)
			.containsEntry("sub", userId)
			.containsEntry("name", userId)
			// Only userinfo says it: the ID token carries no profile claims.
			.containsEntry("preferred_username", user.username());
		assertThat(me.get("id_token_claims")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.contains("iss", "sub", "aud", "nonce", "sid")
			.doesNotContain("preferred_username");
		assertThat(me.get("userinfo_claims")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.contains("sub", "preferred_username");
		// The application's own session now stands for the user.
		HttpResponse<String> again = browser.get(me(this.relyingParty));
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(json(again)).containsEntry("sub", userId);
	}

	@Test
	void signInWhenPasswordIsWrongThenTheUserStaysOnOurLoginPageAndTheApplicationHasNoSession() throws Exception {
		TestUsers.Credentials user = TestUsers.unique("rp-login-wrong");
		new AuthClient(this.service).register(user);
		Browser browser = new Browser();
		HttpResponse<String> loginPage = browser.follow(browser.toOurAuthorizationEndpoint(this.relyingParty));

		HttpResponse<String> refused = browser.submitLoginForm(loginPage, user, "not " + user.password());

		assertThat(refused.statusCode()).isEqualTo(200);
		assertThat(refused.uri()).isEqualTo(URI.create(ISSUER + "/login"));
		assertThat(refused.body()).contains("role=\"alert\"").contains("name=\"password\"");
		assertThat(refused.headers().firstValue("Location")).isEmpty();
		HttpResponse<String> stillOut = browser.get(me(this.relyingParty));
		assertThat(stillOut.statusCode()).isEqualTo(302);
		assertThat(location(stillOut).getPath()).isEqualTo("/oauth2/authorization/" + REGISTRATION);
	}

	@Test
	void signInWhenClientIsDisabledThenOurErrorPageAndTheApplicationNeverGetsACode() throws Exception {
		Browser browser = new Browser();

		HttpResponse<String> authorization = browser.toOurAuthorizationEndpoint(this.disabledClientsParty);
		HttpResponse<String> answer = browser.follow(authorization);

		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.uri().toString()).startsWith(ISSUER + CodeFlows.AUTHORIZE + "?");
		assertThat(answer.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(answer.body()).contains("The client is unknown or disabled.");
		assertThat(answer.headers().firstValue("Location")).isEmpty();
	}

	private InteropProcess start(int port, Map<String, Object> client) throws IOException {
		return InteropProcess.start("rp-login", port, ISSUER, "AUTHFLUX_CLIENT_ID=" + client.get("client_id"),
				"AUTHFLUX_CLIENT_SECRET=" + client.get("client_secret"));
	}

	/**
	 * A confidential, first-party client of the code flow whose redirect URI is Spring
	 * Security's default, {baseUrl}/login/oauth2/code/{registrationId}, on the loopback
	 * address the browser uses.
	 */
	private static String webApp(String name, int port) {
		return "{\"client_name\":\"" + name + "\",\"redirect_uris\":[\"" + callback(port)
				+ "\"],\"grant_types\":[\"authorization_code\"],\"token_endpoint_auth_method\":\"client_secret_basic\","
				+ "\"scope\":\"openid profile email\",\"skip_consent\":true}";
	}

	private static String callback(int port) {
		return "http://127.0.0.1:" + port + "/login/oauth2/code/" + REGISTRATION;
	}

	private static String callback(InteropProcess relyingParty) {
		return callback(URI.create(relyingParty.baseUrl()).getPort());
	}

	/** The application's page for signed-in users, as the browser addresses it. */
	private static URI me(InteropProcess relyingParty) {
		return URI.create("http://127.0.0.1:" + URI.create(relyingParty.baseUrl()).getPort() + "/me");
	}

	private static URI location(HttpResponse<?> response) {
		String location = response.headers()
			.firstValue("Location")
			.orElseThrow(() -> new AssertionError(
					"no Location in the %d answer of %s".formatted(response.statusCode(), response.uri())));
		return response.uri().resolve(location);
	}

	private static Map<String, Object> json(HttpResponse<String> response) {
		return JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() {
		});
	}

	/**
	 * A browser with its cookie jar, following one redirect at a time so each step can be
	 * looked at.
	 */
	private static final class Browser {

		private final HttpClient client = HttpClient.newBuilder()
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();

		HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
			return send(HttpRequest.newBuilder(uri).GET());
		}

		/**
		 * Follows redirects while they stay on the origin that sent them: a redirect from
		 * the application to us or back is returned, to be looked at.
		 */
		HttpResponse<String> follow(HttpResponse<String> response) throws IOException, InterruptedException {
			HttpResponse<String> current = response;
			while (isRedirect(current) && sameOrigin(current.uri(), location(current))) {
				current = get(location(current));
			}
			return current;
		}

		/**
		 * Asks the application for its page: it sends the browser to its sign-in with
		 * authflux, which sends it to our authorization endpoint.
		 * @return the application's redirect to our authorization endpoint, not yet
		 * followed
		 */
		HttpResponse<String> toOurAuthorizationEndpoint(InteropProcess relyingParty)
				throws IOException, InterruptedException {
			HttpResponse<String> toSignIn = get(me(relyingParty));
			assertThat(toSignIn.statusCode()).isEqualTo(302);
			assertThat(location(toSignIn).getPath()).isEqualTo("/oauth2/authorization/" + REGISTRATION);
			HttpResponse<String> toUs = get(location(toSignIn));
			assertThat(toUs.statusCode()).isEqualTo(302);
			URI authorize = location(toUs);
			assertThat(authorize.toString()).startsWith(ISSUER + CodeFlows.AUTHORIZE + "?");
			return get(authorize);
		}

		/**
		 * Posts the login page's form, its hidden fields as they are, as a browser does.
		 */
		HttpResponse<String> submitLoginForm(HttpResponse<String> loginPage, TestUsers.Credentials user,
				String password) throws IOException, InterruptedException {
			Matcher action = FORM_ACTION.matcher(loginPage.body());
			assertThat(action.find()).as("a form in %s", loginPage.body()).isTrue();
			Map<String, String> fields = new LinkedHashMap<>();
			Matcher hidden = HIDDEN_FIELD.matcher(loginPage.body());
			while (hidden.find()) {
				fields.put(hidden.group(1), HtmlUtils.htmlUnescape(hidden.group(2)));
			}
			assertThat(fields).containsKey("_csrf");
			fields.put("username", user.username());
			fields.put("password", password);
			String form = fields.entrySet()
				.stream()
				.map((field) -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
			return send(HttpRequest.newBuilder(loginPage.uri().resolve(HtmlUtils.htmlUnescape(action.group(1))))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)));
		}

		private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
			return this.client.send(request.header("Accept", "text/html,application/json;q=0.9")
				.timeout(Duration.ofSeconds(60))
				.build(), HttpResponse.BodyHandlers.ofString());
		}

		private static boolean isRedirect(HttpResponse<?> response) {
			return response.statusCode() / 100 == 3;
		}

		private static boolean sameOrigin(URI from, URI to) {
			return from.getScheme().equals(to.getScheme()) && from.getHost().equals(to.getHost())
					&& from.getPort() == to.getPort();
		}

	}

}
