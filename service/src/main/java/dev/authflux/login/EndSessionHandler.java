package dev.authflux.login;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.authflux.audit.ClientAddresses;
import dev.authflux.client.ClientRegistry;
import dev.authflux.token.IdTokens;
import dev.authflux.token.InvalidIdTokenHintException;
import dev.authflux.web.MalformedRequestException;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The end-session endpoint of OpenID Connect RP-Initiated Logout 1.0 ({@code GET} and
 * {@code POST /oauth2/logout}), and the confirmation it may ask for.
 *
 * <p>
 * The parameters are checked before anything is ended: an {@code id_token_hint} must be
 * an ID token of ours (expired ones too), a {@code client_id} the one it was issued to,
 * and a {@code post_logout_redirect_uri} exactly one registered for that client. A
 * failure is a page and never a redirect, so the endpoint is no open redirector. Then a
 * hint naming this browser's session ({@code sid}) ends it at once; without a hint, or
 * with one of another session, the user confirms with a form first, because any site can
 * send a browser here and signing someone out unasked is a nuisance attack.
 */
@Component
class EndSessionHandler {

	static final String ID_TOKEN_HINT = "id_token_hint";

	static final String CLIENT_ID = "client_id";

	static final String POST_LOGOUT_REDIRECT_URI = "post_logout_redirect_uri";

	static final String STATE = "state";

	private static final List<String> PARAMETERS = List.of(ID_TOKEN_HINT, CLIENT_ID, POST_LOGOUT_REDIRECT_URI, STATE);

	private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

	/** As the authorization endpoint's. */
	private static final int CLIENT_ID_MAX = 64;

	private static final int STATE_MAX = 1024;

	/** Longer than any URI that registration accepts, so it cannot match one. */
	private static final int REDIRECT_URI_MAX = 2048;

	private final BrowserSessions browserSessions;

	private final CsrfProtection csrf;

	private final LoginCookies cookies;

	private final ClientAddresses addresses;

	private final ClientRegistry clients;

	private final IdTokens idTokens;

	EndSessionHandler(BrowserSessions browserSessions, CsrfProtection csrf, LoginCookies cookies,
			ClientAddresses addresses, ClientRegistry clients, IdTokens idTokens) {
		this.browserSessions = browserSessions;
		this.csrf = csrf;
		this.cookies = cookies;
		this.addresses = addresses;
		this.clients = clients;
		this.idTokens = idTokens;
	}

	/** {@code GET /oauth2/logout}: the parameters in the query. */
	Mono<ServerResponse> get(ServerRequest request) {
		return endSession(request, request.queryParams());
	}

	/** {@code POST /oauth2/logout}: the same parameters as a form (§2). */
	Mono<ServerResponse> post(ServerRequest request) {
		if (!isForm(request)) {
			return refused("The request must be a form (application/x-www-form-urlencoded).");
		}
		return formOf(request).flatMap((form) -> endSession(request, form));
	}

	/**
	 * {@code POST /oauth2/logout/confirm}: the confirmation form. It carries the checked
	 * parameters back, and they are checked again: a hidden field is only as good as the
	 * page that filled it in.
	 */
	Mono<ServerResponse> confirm(ServerRequest request) {
		return formOf(request).flatMap((form) -> {
			if (!this.csrf.accepts(request, form)) {
				return html(HttpStatus.FORBIDDEN, Pages.error("Request refused", LoginHandler.FORGED));
			}
			for (String name : PARAMETERS) {
				if (repeated(form, name)) {
					return refused(name + " was sent more than once.");
				}
			}
			return target(single(form, CLIENT_ID), single(form, POST_LOGOUT_REDIRECT_URI), single(form, STATE))
				.flatMap((target) -> this.browserSessions.current(request)
					.flatMap((session) -> signOut(request, session, target))
					.switchIfEmpty(Mono.defer(() -> signedOut(target))))
				.onErrorResume(Refused.class, (ex) -> refused(ex.getMessage()));
		});
	}

	private Mono<ServerResponse> endSession(ServerRequest request, MultiValueMap<String, String> params) {
		for (String name : PARAMETERS) {
			if (repeated(params, name)) {
				return refused(name + " was sent more than once.");
			}
		}
		String hint = single(params, ID_TOKEN_HINT);
		Mono<Optional<JWTClaimsSet>> claims = (hint != null) ? this.idTokens.verifyHint(hint).map(Optional::of)
				: Mono.just(Optional.empty());
		return claims.flatMap((verified) -> endSession(request, params, verified.orElse(null)))
			.onErrorResume(InvalidIdTokenHintException.class,
					(ex) -> refused("The id_token_hint is not an ID token issued here."))
			.onErrorResume(Refused.class, (ex) -> refused(ex.getMessage()));
	}

	private Mono<ServerResponse> endSession(ServerRequest request, MultiValueMap<String, String> params,
			JWTClaimsSet hint) {
		String clientId = single(params, CLIENT_ID);
		if (hint != null) {
			if (clientId != null && !hint.getAudience().contains(clientId)) {
				return refused("The client_id is not the client the id_token_hint was issued to.");
			}
			if (clientId == null) {
				clientId = hint.getAudience().get(0);
			}
		}
		String sid = (hint != null) ? sid(hint) : null;
		String client = clientId;
		return target(clientId, single(params, POST_LOGOUT_REDIRECT_URI), single(params, STATE))
			.flatMap((target) -> this.browserSessions.current(request)
				.flatMap((session) -> session.sessionId().toString().equals(sid) ? signOut(request, session, target)
						: confirmation(request, session, target, client))
				.switchIfEmpty(Mono.defer(() -> signedOut(target))));
	}

	/**
	 * Where to send the browser once signed out: the checked
	 * {@code post_logout_redirect_uri} with {@code state}, or (without one) our own page.
	 * Refused when the URI names no client or is not one registered for it, or when a
	 * parameter is too long to be real.
	 */
	private Mono<Target> target(String clientId, String redirectUri, String state) {
		if (clientId != null && clientId.length() > CLIENT_ID_MAX) {
			return Mono.error(new Refused("The client_id is not a client of this service."));
		}
		if (state != null && state.length() > STATE_MAX) {
			return Mono.error(new Refused("The state is longer than " + STATE_MAX + " characters."));
		}
		if (redirectUri == null) {
			return Mono.just(new Target(clientId, null, state));
		}
		if (clientId == null) {
			return Mono.error(new Refused(
					"A post_logout_redirect_uri needs a client_id or an id_token_hint that names the client."));
		}
		if (redirectUri.length() > REDIRECT_URI_MAX) {
			return Mono.error(new Refused("The post_logout_redirect_uri is not one registered for this client."));
		}
		return this.clients.lookup(clientId)
			.filter((client) -> !client.disabled() && client.metadata().postLogoutRedirectUris().contains(redirectUri))
			.map((client) -> new Target(clientId, redirectUri, state))
			.switchIfEmpty(Mono.error(() -> new Refused(
					"The post_logout_redirect_uri is not one registered for this client, or the client is unknown.")));
	}

	private Mono<ServerResponse> signOut(ServerRequest request, BrowserSession session, Target target) {
		return this.browserSessions.signOut(session, this.addresses.of(request))
			.then(Mono.defer(() -> signedOut(target)));
	}

	/**
	 * The end: the single-sign-on cookie cleared, whether or not it still named a live
	 * session, and a 303 back to the client or our own page.
	 */
	private Mono<ServerResponse> signedOut(Target target) {
		if (target.redirectUri() == null) {
			return ServerResponse.ok()
				.contentType(HTML)
				.headers(Pages::addHeaders)
				.cookie(this.cookies.sessionCleared())
				.bodyValue(Pages.signedOut());
		}
		StringBuilder location = new StringBuilder(target.redirectUri());
		if (target.state() != null) {
			location.append(target.redirectUri().contains("?") ? '&' : '?')
				.append("state=")
				.append(URLEncoder.encode(target.state(), StandardCharsets.UTF_8));
		}
		return ServerResponse.seeOther(URI.create(location.toString()))
			.cookie(this.cookies.sessionCleared())
			.cacheControl(CacheControl.noStore())
			.header("Referrer-Policy", "no-referrer")
			.build();
	}

	/**
	 * The question "sign out?", whose form may redirect to the client: its origin joins
	 * the page's {@code form-action}, which Chromium applies to the redirect after a
	 * post.
	 */
	private Mono<ServerResponse> confirmation(ServerRequest request, BrowserSession session, Target target,
			String clientId) {
		String token = this.csrf.tokenFor(request);
		String page = Pages.confirmSignOut(session.username(), token, clientId, target.redirectUri(), target.state());
		return ServerResponse.ok()
			.contentType(HTML)
			.headers((headers) -> Pages.addHeaders(headers, target.redirectUri()))
			.cookie(this.cookies.csrf(token))
			.bodyValue(page);
	}

	private static Mono<ServerResponse> refused(String message) {
		return html(HttpStatus.BAD_REQUEST, Pages.error("Sign-out request refused", message));
	}

	private static Mono<ServerResponse> html(HttpStatus status, String page) {
		return ServerResponse.status(status).contentType(HTML).headers(Pages::addHeaders).bodyValue(page);
	}

	private static String sid(JWTClaimsSet hint) {
		Object sid = hint.getClaim("sid");
		return (sid instanceof String value) ? value : null;
	}

	private static boolean isForm(ServerRequest request) {
		try {
			MediaType type = request.headers().contentType().orElse(null);
			return type != null && MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/** A broken percent-escape fails the form reader's URL decoding: a 400, not a 500. */
	private static Mono<MultiValueMap<String, String>> formOf(ServerRequest request) {
		return request.formData()
			.onErrorMap(IllegalArgumentException.class,
					(ex) -> new MalformedRequestException("The request body is not a valid form."));
	}

	/** The parameter's one value; null when absent or empty. */
	private static String single(MultiValueMap<String, String> params, String name) {
		List<String> values = params.get(name);
		if (values == null || values.isEmpty() || values.get(0) == null || values.get(0).isEmpty()) {
			return null;
		}
		return values.get(0);
	}

	private static boolean repeated(MultiValueMap<String, String> params, String name) {
		List<String> values = params.get(name);
		return values != null && values.size() > 1;
	}

	/**
	 * Where the browser goes once signed out.
	 *
	 * @param clientId the client that asked, or null
	 * @param redirectUri a registered {@code post_logout_redirect_uri} of that client, or
	 * null for our own page
	 * @param state the client's {@code state}, or null
	 */
	record Target(String clientId, String redirectUri, String state) {
	}

	/** A parameter that stops the sign-out; its message is shown on the page. */
	private static final class Refused extends RuntimeException {

		Refused(String message) {
			super(message, null, false, false);
		}

	}

}
