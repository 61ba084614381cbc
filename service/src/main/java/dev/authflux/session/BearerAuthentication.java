package dev.authflux.session;

import dev.authflux.token.AccessTokens;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Guards protected routes (RFC 6750 §2.1): the {@code Authorization: Bearer} token must
 * verify, and its session must still be live in the database — so logout, revocation, a
 * password change or account deletion take effect at once, not when the token expires.
 */
@Component
public class BearerAuthentication implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	private static final String BEARER = "Bearer ";

	private final AccessTokens tokens;

	private final SessionService sessions;

	BearerAuthentication(AccessTokens tokens, SessionService sessions) {
		this.tokens = tokens;
		this.sessions = sessions;
	}

	@Override
	public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
		return authenticate(request).flatMap((caller) -> {
			request.attributes().put(AuthenticatedSession.ATTRIBUTE, caller);
			return next.handle(request);
		});
	}

	/**
	 * The caller behind the request's {@code Authorization: Bearer} header; fails with
	 * {@link BearerTokenRejectedException} when there is none or it is not usable.
	 */
	public Mono<AuthenticatedSession> authenticate(ServerRequest request) {
		String header = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
		if (header == null) {
			return Mono.error(BearerTokenRejectedException.missing());
		}
		if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return Mono.error(BearerTokenRejectedException.invalid());
		}
		return authenticate(header.substring(BEARER.length()).trim());
	}

	/**
	 * The caller behind an access token presented some other way (RFC 6750 §2.2); fails
	 * with {@link BearerTokenRejectedException} when it is not usable.
	 */
	public Mono<AuthenticatedSession> authenticate(String token) {
		return this.tokens.verify(token)
			.flatMap(this.sessions::authenticate)
			.switchIfEmpty(Mono.error(BearerTokenRejectedException::invalid));
	}

}
