package dev.authflux.oauth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.authflux.audit.ClientAddresses;
import dev.authflux.client.RegisteredClient;
import dev.authflux.client.ClientRegistry;
import dev.authflux.login.BrowserSession;
import dev.authflux.login.BrowserSessions;
import dev.authflux.login.ConsentForm;
import dev.authflux.login.LoginPages;
import dev.authflux.login.PageForms;
import dev.authflux.oauth.AuthorizationResponses.Redirect;
import dev.authflux.token.IdTokens;
import dev.authflux.token.InvalidIdTokenHintException;
import dev.authflux.token.TokenProperties;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import static dev.authflux.oauth.AuthorizationRequests.single;

/**
 * {@code GET} and {@code POST /oauth2/authorize} (RFC 6749 §4.1.1, OpenID Connect Core
 * 1.0 §3.1.2): the authorization code flow. The client and redirect URI are checked
 * first, and a failure there is a page ({@link AuthorizationResponses}); then the request
 * ({@link AuthorizationRequests}); then the browser's sign-in ({@link BrowserSessions}):
 * none sends it to the login page, which returns here with the same parameters.
 * {@code prompt=login} and {@code max_age} also send it there, with a marker of when;
 * coming back, a session whose {@code auth_time} is not before that moment counts as
 * fresh, so the round trip cannot loop. An {@code id_token_hint} of another user than the
 * signed-in one sends it there as well. A client registered without {@code skip_consent}
 * needs the user's consent ({@link Consents}): without one that covers the scopes, or
 * with {@code prompt=consent}, the consent page; its form posts the same parameters to
 * {@code POST /oauth2/consent}, which runs the same checks again with the answer.
 */
@Component
class AuthorizationEndpointHandler {

	private static final int CLIENT_ID_MAX = 64;

	/** Where the consent page posts (a constant of {@link OAuthRoutes}, inlined). */
	private static final String CONSENT = OAuthRoutes.CONSENT;

	private final ClientRegistry clients;

	private final BrowserSessions browserSessions;

	private final AuthorizationCodes codes;

	private final String issuer;

	private final Clock clock;

	private final IdTokens idTokens;

	private final Consents consents;

	private final PageForms forms;

	private final ClientAddresses addresses;

	AuthorizationEndpointHandler(ClientRegistry clients, BrowserSessions browserSessions, AuthorizationCodes codes,
			TokenProperties tokenProperties, Clock clock, Consents consents, PageForms forms, ClientAddresses addresses,
			IdTokens idTokens) {
		this.clients = clients;
		this.browserSessions = browserSessions;
		this.codes = codes;
		this.issuer = tokenProperties.issuer();
		this.clock = clock;
		this.consents = consents;
		this.forms = forms;
		this.addresses = addresses;
		this.idTokens = idTokens;
	}

	Mono<ServerResponse> get(ServerRequest request) {
		return authorize(request, request.queryParams(), null);
	}

	/** OpenID Connect Core 1.0 §3.1.2.1: the same parameters as a form. */
	Mono<ServerResponse> post(ServerRequest request) {
		if (!FormRequests.isForm(request)) {
			return AuthorizationResponses.page("The request must be a form (application/x-www-form-urlencoded).");
		}
		return request.formData()
			.flatMap((form) -> authorize(request, form, null))
			.onErrorResume(IllegalArgumentException.class,
					(ex) -> AuthorizationResponses.page("The request is not a valid form."));
	}

	/**
	 * {@code POST /oauth2/consent}: the consent page's answer. The CSRF check first, then
	 * the authorization request it carries, checked again as if it came now.
	 */
	Mono<ServerResponse> consent(ServerRequest request) {
		if (!FormRequests.isForm(request)) {
			return AuthorizationResponses.page("The request must be a form (application/x-www-form-urlencoded).");
		}
		return request.formData().flatMap((form) -> {
			if (!this.forms.accepts(request, form)) {
				return AuthorizationResponses.forged();
			}
			Consents.Answer answer = Consents.Answer.of(form.get(ConsentForm.DECISION));
			if (answer == null) {
				return AuthorizationResponses.page("The form says neither Allow nor Deny.");
			}
			return authorize(request, requestOf(form), answer);
		})
			.onErrorResume(IllegalArgumentException.class,
					(ex) -> AuthorizationResponses.page("The request is not a valid form."));
	}

	/** The authorization request's parameters, without the consent form's own. */
	private static MultiValueMap<String, String> requestOf(MultiValueMap<String, String> form) {
		MultiValueMap<String, String> params = new LinkedMultiValueMap<>(form);
		params.remove(PageForms.CSRF_FIELD);
		params.remove(ConsentForm.DECISION);
		return params;
	}

	/**
	 * @param answer the user's answer on the consent page, or null when there was none
	 */
	private Mono<ServerResponse> authorize(ServerRequest request, MultiValueMap<String, String> params,
			Consents.Answer answer) {
		String clientId = single(params, "client_id");
		if (clientId == null || AuthorizationRequests.repeated(params, "client_id")
				|| clientId.length() > CLIENT_ID_MAX) {
			return AuthorizationResponses.page("The request does not name one client (client_id).");
		}
		return this.clients.lookup(clientId)
			.filter((client) -> !client.disabled())
			.flatMap((client) -> authorize(request, params, client, answer))
			.switchIfEmpty(Mono.defer(() -> AuthorizationResponses.page("The client is unknown or disabled.")));
	}

	private Mono<ServerResponse> authorize(ServerRequest request, MultiValueMap<String, String> params,
			RegisteredClient client, Consents.Answer answer) {
		String redirectUri = redirectUri(params, client);
		if (redirectUri == null) {
			return AuthorizationResponses.page("The redirect_uri is missing or is not one registered for this client.");
		}
		Redirect redirect = new Redirect(redirectUri,
				AuthorizationRequests.repeated(params, "state") ? null : single(params, "state"), this.issuer,
				Redirect.fromOwnPage(request));
		AuthorizationRequest authorization;
		try {
			authorization = AuthorizationRequests.validate(params, client);
		}
		catch (AuthorizationRequestException ex) {
			return redirect.error(ex);
		}
		return hintedSubject(single(params, "id_token_hint"))
			.flatMap((hinted) -> this.browserSessions.current(request)
				.flatMap((session) -> hinted.isEmpty() || hinted.get().equals(session.userId().toString())
						? signedIn(request, params, client, authorization, redirect, session, answer)
						: otherUserHinted(params, authorization, redirect))
				.switchIfEmpty(Mono.defer(() -> authorization.promptNone()
						? redirect.error("login_required", "Nobody is signed in.") : signIn(params, authorization))))
			.onErrorResume(InvalidIdTokenHintException.class,
					(ex) -> redirect.error("invalid_request", ex.getMessage()));
	}

	/**
	 * The {@code sub} of the {@code id_token_hint} (OpenID Connect Core 1.0 §3.1.2.1): an
	 * ID token of ours, expired ones too; empty without a hint.
	 */
	private Mono<Optional<String>> hintedSubject(String idTokenHint) {
		if (idTokenHint == null) {
			return Mono.just(Optional.empty());
		}
		return this.idTokens.verifyHint(idTokenHint).map((claims) -> Optional.of(claims.getSubject()));
	}

	/**
	 * The client expects another user than the one signed in (§3.1.2.2): never a code for
	 * the wrong user; the login page instead, or {@code login_required} when it may not
	 * be shown.
	 */
	private Mono<ServerResponse> otherUserHinted(MultiValueMap<String, String> params,
			AuthorizationRequest authorization, Redirect redirect) {
		return authorization.promptNone()
				? redirect.error("login_required", "The signed-in user is not the one of the id_token_hint.")
				: signIn(params, authorization);
	}

	/**
	 * The registered redirect URI the request names, compared exactly (RFC 9700 §2.1);
	 * when it names none, the client's only one; else null.
	 */
	private static String redirectUri(MultiValueMap<String, String> params, RegisteredClient client) {
		List<String> registered = client.metadata().redirectUris();
		if (AuthorizationRequests.repeated(params, "redirect_uri")) {
			return null;
		}
		String sent = single(params, "redirect_uri");
		if (sent == null) {
			return (registered.size() == 1) ? registered.get(0) : null;
		}
		return registered.contains(sent) ? sent : null;
	}

	private Mono<ServerResponse> signedIn(ServerRequest request, MultiValueMap<String, String> params,
			RegisteredClient client, AuthorizationRequest authorization, Redirect redirect, BrowserSession session,
			Consents.Answer answer) {
		if (!needsFreshSignIn(authorization, session)) {
			return consented(request, params, client, authorization, redirect, session, answer);
		}
		Mono<Boolean> fresh = (authorization.loginMarker() == null) ? Mono.just(false)
				: this.codes.loginStartedAt(authorization.loginMarker())
					.map((startedAt) -> !session.authTime().isBefore(startedAt))
					.defaultIfEmpty(false);
		return fresh.flatMap((ok) -> {
			if (ok) {
				return consented(request, params, client, authorization, redirect, session, answer);
			}
			return authorization.promptNone()
					? redirect.error("login_required", "The sign-in is older than max_age allows.")
					: signIn(params, authorization);
		});
	}

	private boolean needsFreshSignIn(AuthorizationRequest authorization, BrowserSession session) {
		if (authorization.prompt().contains("login")) {
			return true;
		}
		// Compared as an age, so that no max_age, however large, overflows an Instant.
		return authorization.maxAge() != null
				&& Duration.between(session.authTime(), this.clock.instant()).getSeconds() > authorization.maxAge();
	}

	/**
	 * The consent step: the answer posted from the consent page, else
	 * {@code skip_consent} or a remembered consent that covers the scopes (unless
	 * {@code prompt=consent}), else the consent page. The granted scope is the requested
	 * one, {@code offline_access} included, as only these ways reach a code.
	 */
	private Mono<ServerResponse> consented(ServerRequest request, MultiValueMap<String, String> params,
			RegisteredClient client, AuthorizationRequest authorization, Redirect redirect, BrowserSession session,
			Consents.Answer answer) {
		if (answer == Consents.Answer.DENY) {
			return this.consents.deny(session.userId(), client.clientId(), this.addresses.of(request))
				.then(Mono.defer(() -> redirect.error("access_denied", "The user denied the request.")));
		}
		if (answer == Consents.Answer.ALLOW) {
			return this.consents
				.grant(session.userId(), client.clientId(), authorization.scope(), this.addresses.of(request))
				.then(Mono.defer(() -> issue(client, authorization, redirect, session)));
		}
		if (client.metadata().skipConsent()) {
			return issue(client, authorization, redirect, session);
		}
		return this.consents.cover(session.userId(), client.clientId(), authorization.scope()).flatMap((covered) -> {
			if (covered && !authorization.prompt().contains("consent")) {
				return issue(client, authorization, redirect, session);
			}
			if (authorization.promptNone()) {
				return redirect.error("consent_required", "The user has not consented to this client for this scope.");
			}
			return consentPage(request, params, client, authorization, session);
		});
	}

	private Mono<ServerResponse> issue(RegisteredClient client, AuthorizationRequest authorization, Redirect redirect,
			BrowserSession session) {
		AuthorizationGrant grant = new AuthorizationGrant(client.clientId(), session.userId(), session.sessionId(),
				authorization.redirectUriSent(), authorization.scope(), authorization.nonce(),
				authorization.codeChallenge(), session.authTime());
		return this.codes.issue(grant).flatMap(redirect::code);
	}

	/**
	 * The consent page, whose form carries the request's parameters as they came, to be
	 * checked again when it is posted.
	 */
	private Mono<ServerResponse> consentPage(ServerRequest request, MultiValueMap<String, String> params,
			RegisteredClient client, AuthorizationRequest authorization, BrowserSession session) {
		List<Map.Entry<String, String>> fields = new ArrayList<>();
		for (Map.Entry<String, List<String>> param : params.entrySet()) {
			if (param.getKey().equals(PageForms.CSRF_FIELD) || param.getKey().equals(ConsentForm.DECISION)) {
				continue;
			}
			for (String value : param.getValue()) {
				fields.add(Map.entry(param.getKey(), (value != null) ? value : ""));
			}
		}
		ConsentForm form = new ConsentForm(client.metadata().clientName(), session.username(),
				ScopeDescriptions.of(authorization.scope()), CONSENT, fields);
		String token = this.forms.csrfToken(request);
		return AuthorizationResponses.consentPage(LoginPages.consent(form, token), this.forms.csrfCookie(token));
	}

	/**
	 * To the login page, which comes back here with the same parameters (re-encoded, so
	 * that the login page's return_to check accepts them) and, when the sign-in must be
	 * fresh, a new marker of this moment.
	 */
	private Mono<ServerResponse> signIn(MultiValueMap<String, String> params, AuthorizationRequest authorization) {
		Mono<String> marker = authorization.wantsFreshSignIn() ? this.codes.newLoginMarker() : Mono.just("");
		return marker.flatMap((value) -> {
			StringBuilder returnTo = new StringBuilder(OAuthRoutes.AUTHORIZE);
			char separator = '?';
			for (Map.Entry<String, List<String>> param : params.entrySet()) {
				if (param.getKey().equals(AuthorizationRequests.LOGIN_MARKER)) {
					continue;
				}
				for (String item : param.getValue()) {
					returnTo.append(separator)
						.append(AuthorizationResponses.encode(param.getKey()))
						.append('=')
						.append(AuthorizationResponses.encode((item != null) ? item : ""));
					separator = '&';
				}
			}
			if (!value.isEmpty()) {
				returnTo.append(separator).append(AuthorizationRequests.LOGIN_MARKER).append('=').append(value);
			}
			String location = LoginPages.LOGIN + "?" + LoginPages.RETURN_TO + "="
					+ AuthorizationResponses.encode(returnTo.toString());
			if (authorization.loginHint() != null) {
				location += "&" + LoginPages.LOGIN_HINT + "="
						+ AuthorizationResponses.encode(authorization.loginHint());
			}
			return AuthorizationResponses.seeOther(location);
		});
	}

}
