package dev.authflux.oauth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.authflux.client.RegisteredClient;
import dev.authflux.client.ClientRegistry;
import dev.authflux.login.BrowserSession;
import dev.authflux.login.BrowserSessions;
import dev.authflux.login.LoginPages;
import dev.authflux.oauth.AuthorizationResponses.Redirect;
import dev.authflux.token.IdTokens;
import dev.authflux.token.InvalidIdTokenHintException;
import dev.authflux.token.TokenProperties;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
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
 * signed-in one sends it there as well. Only clients registered with {@code skip_consent}
 * get codes for now: the consent page is not built yet.
 */
@Component
class AuthorizationEndpointHandler {

	private static final int CLIENT_ID_MAX = 64;

	private final ClientRegistry clients;

	private final BrowserSessions browserSessions;

	private final AuthorizationCodes codes;

	private final String issuer;

	private final Clock clock;

	private final IdTokens idTokens;

	AuthorizationEndpointHandler(ClientRegistry clients, BrowserSessions browserSessions, AuthorizationCodes codes,
			TokenProperties tokenProperties, Clock clock, IdTokens idTokens) {
		this.clients = clients;
		this.browserSessions = browserSessions;
		this.codes = codes;
		this.issuer = tokenProperties.issuer();
		this.clock = clock;
		this.idTokens = idTokens;
	}

	Mono<ServerResponse> get(ServerRequest request) {
		return authorize(request, request.queryParams());
	}

	/** OpenID Connect Core 1.0 §3.1.2.1: the same parameters as a form. */
	Mono<ServerResponse> post(ServerRequest request) {
		if (!FormRequests.isForm(request)) {
			return AuthorizationResponses.page("The request must be a form (application/x-www-form-urlencoded).");
		}
		return request.formData()
			.flatMap((form) -> authorize(request, form))
			.onErrorResume(IllegalArgumentException.class,
					(ex) -> AuthorizationResponses.page("The request is not a valid form."));
	}

	private Mono<ServerResponse> authorize(ServerRequest request, MultiValueMap<String, String> params) {
		String clientId = single(params, "client_id");
		if (clientId == null || AuthorizationRequests.repeated(params, "client_id")
				|| clientId.length() > CLIENT_ID_MAX) {
			return AuthorizationResponses.page("The request does not name one client (client_id).");
		}
		return this.clients.lookup(clientId)
			.filter((client) -> !client.disabled())
			.flatMap((client) -> authorize(request, params, client))
			.switchIfEmpty(Mono.defer(() -> AuthorizationResponses.page("The client is unknown or disabled.")));
	}

	private Mono<ServerResponse> authorize(ServerRequest request, MultiValueMap<String, String> params,
			RegisteredClient client) {
		String redirectUri = redirectUri(params, client);
		if (redirectUri == null) {
			return AuthorizationResponses.page("The redirect_uri is missing or is not one registered for this client.");
		}
		Redirect redirect = new Redirect(redirectUri,
				AuthorizationRequests.repeated(params, "state") ? null : single(params, "state"), this.issuer);
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
						? signedIn(params, client, authorization, redirect, session)
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

	private Mono<ServerResponse> signedIn(MultiValueMap<String, String> params, RegisteredClient client,
			AuthorizationRequest authorization, Redirect redirect, BrowserSession session) {
		if (!needsFreshSignIn(authorization, session)) {
			return consented(client, authorization, redirect, session);
		}
		Mono<Boolean> fresh = (authorization.loginMarker() == null) ? Mono.just(false)
				: this.codes.loginStartedAt(authorization.loginMarker())
					.map((startedAt) -> !session.authTime().isBefore(startedAt))
					.defaultIfEmpty(false);
		return fresh.flatMap((ok) -> {
			if (ok) {
				return consented(client, authorization, redirect, session);
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

	private Mono<ServerResponse> consented(RegisteredClient client, AuthorizationRequest authorization,
			Redirect redirect, BrowserSession session) {
		if (!client.metadata().skipConsent()) {
			return authorization.promptNone()
					? redirect.error("consent_required", "The user has not consented to this client.")
					: redirect.error("access_denied",
							"This client needs the user's consent, and consent pages are not supported yet.");
		}
		AuthorizationGrant grant = new AuthorizationGrant(client.clientId(), session.userId(), session.sessionId(),
				authorization.redirectUriSent(), authorization.scope(), authorization.nonce(),
				authorization.codeChallenge(), session.authTime());
		return this.codes.issue(grant).flatMap(redirect::code);
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
