package dev.authflux.login;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.authflux.audit.ClientInfo;
import dev.authflux.passkey.PasskeyService;
import dev.authflux.web.MalformedRequestException;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The answers the sign-in posts share, whether a password, a code or a passkey was
 * posted: the forms shown again, the redirect of a finished sign-in with its cookies, the
 * refusal of a forged post, and reading the posted form.
 */
@Component
class SignInAnswers {

	static final Consumer<HttpHeaders> NO_HEADERS = (headers) -> {
	};

	private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

	private final BrowserSessions browserSessions;

	private final LoginCookies cookies;

	private final PasskeyService passkeys;

	SignInAnswers(BrowserSessions browserSessions, LoginCookies cookies, PasskeyService passkeys) {
		this.browserSessions = browserSessions;
		this.cookies = cookies;
		this.passkeys = passkeys;
	}

	/**
	 * A browser that signs in again (as the same or another user) ends the session it
	 * had, so a browser holds at most one.
	 */
	Mono<Void> endPrevious(ServerRequest request, ClientInfo client) {
		return this.browserSessions.current(request)
			.flatMap((previous) -> this.browserSessions.signOut(previous, client));
	}

	/**
	 * A finished sign-in: 303 to {@code returnTo} (already allowed by {@link ReturnTo})
	 * or {@code /}, with the session's cookie and any new device token's.
	 */
	Mono<ServerResponse> signedIn(BrowserSessions.SignedIn signedIn, String returnTo) {
		ServerResponse.BodyBuilder response = redirect((returnTo != null) ? returnTo : LoginRoutes.HOME)
			.cookie(this.cookies.session(signedIn.cookie()));
		if (signedIn.deviceToken() != null) {
			response.cookie(this.cookies.device(signedIn.deviceToken()));
		}
		return response.build();
	}

	/** The sign-in form, with the passkey button for the script to show. */
	Mono<ServerResponse> loginPage(HttpStatus status, String csrfToken, String username, String returnTo,
			String message) {
		return html(status, Pages.login(csrfToken, username, returnTo, message), this.cookies.csrf(csrfToken),
				Pages::addScriptedHeaders);
	}

	/** The code form, with the passkey button if {@code passkey}. */
	Mono<ServerResponse> codePage(HttpStatus status, String csrfToken, String mfaToken, String returnTo, String message,
			boolean passkey) {
		return html(status, Pages.secondFactor(csrfToken, mfaToken, returnTo, message, passkey),
				this.cookies.csrf(csrfToken), Pages::addScriptedHeaders);
	}

	/**
	 * The code form shown again, with the passkey button if the login's account still has
	 * a passkey.
	 */
	Mono<ServerResponse> codePageAgain(HttpStatus status, String csrfToken, String mfaToken, String returnTo,
			String message) {
		return this.passkeys.offeredAtSecondStep(mfaToken)
			.flatMap((passkey) -> codePage(status, csrfToken, mfaToken, returnTo, message, passkey));
	}

	/** The code form of a throttled second step, saying how long to wait. */
	Mono<ServerResponse> codeThrottled(long seconds, String csrfToken, String mfaToken, String returnTo) {
		return this.passkeys.offeredAtSecondStep(mfaToken)
			.flatMap((passkey) -> throttled(seconds, csrfToken,
					(message) -> Pages.secondFactor(csrfToken, mfaToken, returnTo, message, passkey)));
	}

	/**
	 * The form again ({@code page} of the message), saying how long to wait, with the
	 * API's 429 and Retry-After.
	 */
	Mono<ServerResponse> throttled(long seconds, String csrfToken, Function<String, String> page) {
		String message = "Too many failed attempts. Try again in " + seconds + " seconds.";
		return html(HttpStatus.TOO_MANY_REQUESTS, page.apply(message), this.cookies.csrf(csrfToken), (headers) -> {
			Pages.addScriptedHeaders(headers);
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		});
	}

	static Mono<ServerResponse> forged() {
		return html(HttpStatus.FORBIDDEN, Pages.error("Request refused", LoginHandler.FORGED), null, NO_HEADERS);
	}

	static Mono<ServerResponse> html(HttpStatus status, String page, ResponseCookie cookie,
			Consumer<HttpHeaders> headers) {
		ServerResponse.BodyBuilder response = ServerResponse.status(status)
			.contentType(HTML)
			.headers(Pages::addHeaders)
			.headers(headers);
		if (cookie != null) {
			response.cookie(cookie);
		}
		return response.bodyValue(page);
	}

	static ServerResponse.BodyBuilder redirect(String location) {
		return ServerResponse.seeOther(URI.create(location)).headers(Pages::addHeaders);
	}

	/**
	 * The posted form; empty for another content type (then the CSRF check refuses it). A
	 * broken percent-escape fails the form reader's URL decoding: a 400, not a 500.
	 */
	static Mono<MultiValueMap<String, String>> formOf(ServerRequest request) {
		return request.formData()
			.onErrorMap(IllegalArgumentException.class,
					(ex) -> new MalformedRequestException("The request body is not a valid form."));
	}

	/** The field's one value; a field sent twice counts as absent. */
	static String field(MultiValueMap<String, String> form, String name) {
		return (form.containsKey(name) && form.get(name).size() == 1) ? form.getFirst(name) : null;
	}

}
