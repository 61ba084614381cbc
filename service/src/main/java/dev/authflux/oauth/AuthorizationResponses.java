package dev.authflux.oauth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.authflux.login.LoginPages;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The answers of the authorization endpoint. Until the client and its redirect URI are
 * known good, a refusal is an HTML page and never a redirect (RFC 6749 §4.1.2.1: no open
 * redirector). After that, results go back to the redirect URI with {@code state} and
 * {@code iss} (RFC 9207), as 303 See Other so that a POSTed request is not re-posted; or,
 * when the browser came from one of our own pages, as a page that continues there
 * ({@link LoginPages#continueTo}): Chromium holds the redirects that follow a form's post
 * to the form page's {@code form-action 'self'}, and would stop at the client's origin.
 */
final class AuthorizationResponses {

	private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

	private AuthorizationResponses() {
	}

	/** 400 with a page saying why; the browser stays here. */
	static Mono<ServerResponse> page(String message) {
		return ServerResponse.status(HttpStatus.BAD_REQUEST)
			.contentType(HTML)
			.headers(LoginPages::addHeaders)
			.bodyValue(LoginPages.error("Authorization request refused", message));
	}

	/** 403 for a consent form that did not come from our page (CSRF). */
	static Mono<ServerResponse> forged() {
		return ServerResponse.status(HttpStatus.FORBIDDEN)
			.contentType(HTML)
			.headers(LoginPages::addHeaders)
			.bodyValue(LoginPages.error("Request refused",
					"This form has expired or was not sent from this site. Nothing was changed."));
	}

	/**
	 * 200 with the consent page, and the cookie its form's CSRF token is checked against.
	 */
	static Mono<ServerResponse> consentPage(String page, ResponseCookie csrfCookie) {
		return ServerResponse.ok().contentType(HTML).headers(LoginPages::addHeaders).cookie(csrfCookie).bodyValue(page);
	}

	/** 303 to a path of this service (the login page). */
	static Mono<ServerResponse> seeOther(String location) {
		return ServerResponse.seeOther(URI.create(location)).headers(LoginPages::addHeaders).build();
	}

	/**
	 * The way back to a client whose redirect URI was checked.
	 *
	 * @param throughPage whether to answer the page that continues to the client rather
	 * than a redirect
	 */
	record Redirect(String redirectUri, String state, String issuer, boolean throughPage) {

		/**
		 * Whether the request comes from a page of this origin ({@code Sec-Fetch-Site},
		 * which no page can set): the sign-in and consent forms and the redirects after
		 * them. A request from the client's site, or from a plain HTTP client that sends
		 * no such header, gets the redirect.
		 */
		static boolean fromOwnPage(ServerRequest request) {
			return "same-origin".equals(request.headers().firstHeader("Sec-Fetch-Site"));
		}

		Mono<ServerResponse> error(AuthorizationRequestException refusal) {
			return error(refusal.error(), refusal.getMessage());
		}

		Mono<ServerResponse> error(String error, String description) {
			Map<String, String> params = new LinkedHashMap<>();
			params.put("error", error);
			params.put("error_description", OAuthErrorFormat.description(description));
			return send(params);
		}

		Mono<ServerResponse> code(String code) {
			Map<String, String> params = new LinkedHashMap<>();
			params.put("code", code);
			return send(params);
		}

		private Mono<ServerResponse> send(Map<String, String> params) {
			if (this.state != null) {
				params.put("state", this.state);
			}
			params.put("iss", this.issuer);
			StringBuilder location = new StringBuilder(this.redirectUri);
			char separator = this.redirectUri.contains("?") ? '&' : '?';
			for (Map.Entry<String, String> param : params.entrySet()) {
				location.append(separator).append(param.getKey()).append('=').append(encode(param.getValue()));
				separator = '&';
			}
			if (this.throughPage) {
				return ServerResponse.ok()
					.contentType(HTML)
					.headers(LoginPages::addHeaders)
					.bodyValue(LoginPages.continueTo(location.toString()));
			}
			return ServerResponse.seeOther(URI.create(location.toString()))
				.cacheControl(CacheControl.noStore())
				.header("Referrer-Policy", "no-referrer")
				.build();
		}

		@Override
		public String toString() {
			return "Redirect[redirectUri=" + this.redirectUri + "]";
		}

	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
