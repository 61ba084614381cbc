package dev.authflux.oauth;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.authflux.support.AuthClient;
import dev.authflux.support.LoginForms;
import dev.authflux.support.OpenIdProviderTest;
import dev.authflux.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.HtmlUtils;

import static dev.authflux.support.CodeFlows.CALLBACK;
import static dev.authflux.support.CodeFlows.app;
import static dev.authflux.support.CodeFlows.authorize;
import static dev.authflux.support.CodeFlows.params;
import static dev.authflux.support.CodeFlows.query;
import static dev.authflux.support.CodeFlows.redirect;
import static dev.authflux.support.CodeFlows.signIn;
import static dev.authflux.support.OAuthCalls.CLIENTS;
import static dev.authflux.support.OAuthCalls.admin;
import static dev.authflux.support.OAuthCalls.register;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consent page over plain HTTP, for what a browser test cannot show well: what
 * {@code prompt=none} gets without a consent that covers the scopes, a consent post
 * without its CSRF token, what a consent grants ({@code offline_access}), and that it
 * goes with its client. {@code AuthorizationBrowserTests} clicks through the page itself.
 */
@Tag("e2e")
class ConsentTests extends OpenIdProviderTest {

	private static final Pattern HIDDEN = Pattern
		.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");

	@Autowired
	private DatabaseClient db;

	private TestUsers.Credentials user;

	private String cookie;

	@BeforeEach
	void signedInUser() {
		this.user = TestUsers.unique("consent");
		// Registration hashes a password: give a busy machine more than the default 5 s.
		new AuthClient(this.http.mutate().responseTimeout(Duration.ofSeconds(15)).build()).register(this.user);
		this.cookie = signIn(this.http, this.user);
	}

	@Test
	void promptNoneWhenNoConsentCoversTheScopeThenConsentRequired() {
		String clientId = clientId(register(this.http, app("third party", "client_secret_basic", false)));

		MultiValueMap<String, String> refused = params(
				redirect(authorize(this.http, this.cookie, request(clientId, "openid", "prompt", "none"))));
		assertThat(refused.getFirst("error")).isEqualTo("consent_required");
		assertThat(refused.getFirst("state")).isEqualTo("st");

		assertThat(params(allow(page(authorize(this.http, this.cookie, request(clientId, "openid"))))).getFirst("code"))
			.isNotBlank();
		assertThat(params(redirect(authorize(this.http, this.cookie, request(clientId, "openid", "prompt", "none"))))
			.getFirst("code")).as("within the consent").isNotBlank();
		assertThat(params(
				redirect(authorize(this.http, this.cookie, request(clientId, "openid profile", "prompt", "none"))))
			.getFirst("error")).as("beyond it").isEqualTo("consent_required");
	}

	@Test
	void consentPostWhenCsrfTokenMissingOrWrongOrNoDecisionThenRefusedAndNothingRemembered() {
		String clientId = clientId(register(this.http, app("csrf", "client_secret_basic", false)));
		Form form = page(authorize(this.http, this.cookie, request(clientId, "openid")));

		MultiValueMap<String, String> without = new LinkedMultiValueMap<>(form.fields());
		without.remove("_csrf");
		post(without, form.csrfCookie()).expectStatus().isForbidden();

		MultiValueMap<String, String> wrong = new LinkedMultiValueMap<>(form.fields());
		wrong.set("_csrf", "A".repeat(43));
		post(wrong, form.csrfCookie()).expectStatus().isForbidden();

		post(form.fields(), null).expectStatus().isForbidden();
		assertThat(consents(clientId)).isZero();

		MultiValueMap<String, String> undecided = new LinkedMultiValueMap<>(form.fields());
		undecided.add("decision", "maybe");
		post(undecided, form.csrfCookie()).expectStatus().isBadRequest();
		assertThat(consents(clientId)).isZero();
	}

	@Test
	void consentWhenAllowedWithOfflineAccessThenTheCodeGrantsItAndDeletingTheClientForgetsIt() {
		String clientId = clientId(register(this.http,
				"{\"client_name\":\"offline\",\"redirect_uris\":[\"" + CALLBACK
						+ "\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
						+ "\"scope\":\"openid offline_access\"}"));
		assertThat(params(allow(page(authorize(this.http, this.cookie, request(clientId, "openid offline_access")))))
			.getFirst("code")).isNotBlank();
		assertThat(this.db.sql("SELECT scope FROM authorization_codes WHERE client_id = :clientId")
			.bind("clientId", clientId)
			.map((row) -> row.get("scope", String.class))
			.all()
			.collectList()
			.block()).containsExactly("openid offline_access");
		assertThat(consents(clientId)).isEqualTo(1);
		assertThat(this.db
			.sql("SELECT count(*) AS n FROM audit_events WHERE event = 'consent_granted' AND detail = :detail")
			.bind("detail", "oauth_client:" + clientId)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block()).isEqualTo(1);

		admin(this.http, HttpMethod.DELETE, CLIENTS + "/" + clientId, null).expectStatus().isNoContent();
		assertThat(consents(clientId)).isZero();
	}

	private static String request(String clientId, String scope, String... more) {
		String query = query("response_type", "code", "client_id", clientId, "redirect_uri", CALLBACK, "scope", scope,
				"state", "st");
		return (more.length > 0) ? query + "&" + query(more) : query;
	}

	/** The consent page's form: its fields and the CSRF cookie the page set. */
	private record Form(MultiValueMap<String, String> fields, String csrfCookie) {
	}

	private static Form page(WebTestClient.ResponseSpec response) {
		EntityExchangeResult<String> result = response.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY")
			.expectBody(String.class)
			.returnResult();
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		Matcher hidden = HIDDEN.matcher(result.getResponseBody());
		while (hidden.find()) {
			fields.add(HtmlUtils.htmlUnescape(hidden.group(1)), HtmlUtils.htmlUnescape(hidden.group(2)));
		}
		assertThat(fields).containsKey("_csrf");
		ResponseCookie csrf = result.getResponseCookies().getFirst(LoginForms.CSRF_COOKIE);
		return new Form(fields, (csrf != null) ? csrf.getValue() : fields.getFirst("_csrf"));
	}

	private URI allow(Form form) {
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>(form.fields());
		fields.add("decision", "allow");
		return redirect(post(fields, form.csrfCookie()));
	}

	private WebTestClient.ResponseSpec post(MultiValueMap<String, String> fields, String csrfCookie) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>(fields);
		if (!form.containsKey("decision")) {
			form.add("decision", "allow");
		}
		WebTestClient.RequestBodySpec request = this.http.post()
			.uri("/oauth2/consent")
			.cookie(LoginForms.SESSION_COOKIE, this.cookie)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.header(HttpHeaders.ORIGIN, ISSUER);
		if (csrfCookie != null) {
			request.cookie(LoginForms.CSRF_COOKIE, csrfCookie);
		}
		return request.body(BodyInserters.fromFormData(form)).exchange();
	}

	private long consents(String clientId) {
		return this.db.sql("SELECT count(*) AS n FROM oauth_consents WHERE client_id = :clientId")
			.bind("clientId", clientId)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block();
	}

	private static String clientId(Map<String, Object> client) {
		return (String) client.get("client_id");
	}

}
