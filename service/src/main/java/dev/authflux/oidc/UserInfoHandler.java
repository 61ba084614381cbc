package dev.authflux.oidc;

import java.util.List;

import reactor.core.publisher.Mono;

import dev.authflux.session.AuthenticatedSession;
import dev.authflux.session.BearerAuthentication;
import dev.authflux.client.Scopes;
import dev.authflux.user.EmailService;
import dev.authflux.web.MalformedRequestException;
import dev.authflux.web.UnauthorizedException;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET} and {@code POST /oauth2/userinfo} (OpenID Connect Core 1.0 §5.3): the
 * claims of the access token's user, while its session is live. The token comes in the
 * {@code Authorization: Bearer} header (RFC 6750 §2.1) or, on a form POST, as
 * {@code access_token} (§2.2); never in the query (§2.3), where logs would keep it.
 *
 * <p>
 * A refused token is answered as a resource server answers it (RFC 6750 §3): 401 with the
 * {@code WWW-Authenticate} challenge and no body.
 */
@Component
class UserInfoHandler {

	static final String ACCESS_TOKEN = "access_token";

	private final BearerAuthentication bearer;

	private final EmailService emails;

	UserInfoHandler(BearerAuthentication bearer, EmailService emails) {
		this.bearer = bearer;
		this.emails = emails;
	}

	Mono<ServerResponse> get(ServerRequest request) {
		return answer(this.bearer.authenticate(request));
	}

	Mono<ServerResponse> post(ServerRequest request) {
		MediaType contentType = request.headers().contentType().orElse(null);
		if (contentType == null || !MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(contentType)) {
			return get(request);
		}
		return answer(request.formData()
			// A broken percent-escape ("access_token=%ZZ") fails the form reader's URL
			// decoding.
			.onErrorMap(IllegalArgumentException.class,
					(ex) -> new MalformedRequestException("The request body is not a valid form."))
			.flatMap((form) -> {
				List<String> tokens = form.getOrDefault(ACCESS_TOKEN, List.of());
				if (tokens.isEmpty()) {
					return this.bearer.authenticate(request);
				}
				if (tokens.size() > 1) {
					return Mono.error(new InvalidUserInfoRequestException("access_token is given more than once."));
				}
				if (request.headers().firstHeader(HttpHeaders.AUTHORIZATION) != null) {
					return Mono.error(new InvalidUserInfoRequestException(
							"The access token is given both in the header and in the body."));
				}
				return this.bearer.authenticate(tokens.get(0));
			}));
	}

	/**
	 * The claims the token's scope grants; a token without a scope (the account's own,
	 * from {@code POST /api/v1/sessions}) gets every claim there is.
	 */
	private Mono<UserInfo> claims(AuthenticatedSession session) {
		UserInfo claims = UserInfo.of(session.user());
		if (session.scope() != null && !Scopes.parse(session.scope()).contains(Scopes.EMAIL)) {
			return Mono.just(claims);
		}
		return this.emails.of(session.user().id()).map(claims::withEmail);
	}

	private Mono<ServerResponse> answer(Mono<AuthenticatedSession> caller) {
		return caller.flatMap(this::claims)
			.flatMap((claims) -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.cacheControl(CacheControl.noStore())
				.bodyValue(claims))
			.onErrorResume(UnauthorizedException.class,
					(ex) -> ServerResponse.status(HttpStatus.UNAUTHORIZED)
						.headers(ex::addHeaders)
						.cacheControl(CacheControl.noStore())
						.build());
	}

}
