package dev.authflux.introspection;

import dev.authflux.client.ClientRegistry;
import dev.authflux.token.AccessTokenClaims;
import dev.authflux.token.AccessTokens;
import dev.authflux.token.ClientSecretBasic;
import dev.authflux.token.InvalidClientException;
import dev.authflux.token.TokenProperties;
import java.util.List;

import dev.authflux.session.SessionService;
import dev.authflux.throttle.ClientAuthenticationThrottle;
import dev.authflux.audit.ClientAddresses;
import dev.authflux.web.MalformedRequestException;
import dev.authflux.web.UnauthorizedException;
import dev.authflux.web.ValidationFailedException;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * {@code POST /api/v1/introspect} (RFC 7662): tells a resource server whether an access
 * token is active right now — signed by us, unexpired, and its session neither revoked
 * nor expired (or, for a client's own token, its client neither disabled nor deleted).
 */
@Component
class IntrospectionHandler {

	private final ClientSecretBasic client;

	private final AccessTokens tokens;

	private final SessionService sessions;

	private final TokenProperties properties;

	private final ClientAuthenticationThrottle throttle;

	private final ClientAddresses clients;

	private final ClientRegistry registry;

	IntrospectionHandler(IntrospectionProperties resourceServer, AccessTokens tokens, SessionService sessions,
			TokenProperties properties, ClientAuthenticationThrottle throttle, ClientAddresses clients,
			ClientRegistry registry) {
		this.client = new ClientSecretBasic(resourceServer.clientId(), resourceServer.clientSecret());
		this.tokens = tokens;
		this.sessions = sessions;
		this.properties = properties;
		this.throttle = throttle;
		this.clients = clients;
		this.registry = registry;
	}

	Mono<ServerResponse> introspect(ServerRequest request) {
		return this.throttle
			.authenticate(this.clients.of(request), "introspection", () -> this.client.isAuthenticated(request),
					InvalidClientException::new)
			.then(Mono.defer(() -> read(request)));
	}

	private Mono<ServerResponse> read(ServerRequest request) {
		MediaType contentType = request.headers().contentType().orElse(null);
		if (contentType == null || !MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(contentType)) {
			return Mono.error(new UnsupportedMediaTypeStatusException(contentType,
					List.of(MediaType.APPLICATION_FORM_URLENCODED)));
		}
		return request.formData()
			// A broken percent-escape ("token=%ZZ") fails the form reader's URL decoding.
			.onErrorMap(IllegalArgumentException.class,
					(ex) -> new MalformedRequestException("The request body is not a valid form."))
			.mapNotNull((form) -> form.getFirst("token"))
			.filter((token) -> !token.isEmpty())
			.switchIfEmpty(Mono.error(() -> ValidationFailedException.of("token", "is required")))
			.flatMap(this::inspect)
			.flatMap((body) -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.cacheControl(CacheControl.noStore())
				.bodyValue(body));
	}

	private Mono<IntrospectionResponse> inspect(String token) {
		return this.tokens.verify(token)
			.flatMap(this::activeOrEmpty)
			.onErrorResume(UnauthorizedException.class, (ex) -> Mono.empty())
			.defaultIfEmpty(IntrospectionResponse.INACTIVE);
	}

	/**
	 * A session's token is active while its session is live; a client's own token while
	 * the client is registered and enabled.
	 */
	private Mono<IntrospectionResponse> activeOrEmpty(AccessTokenClaims claims) {
		if (claims.isClientToken()) {
			return this.registry.isActive(claims.clientId())
				.filter(Boolean::booleanValue)
				.map((active) -> IntrospectionResponse.activeClient(claims, this.properties.issuer()));
		}
		return this.sessions.authenticate(claims)
			.map((caller) -> IntrospectionResponse.active(claims, caller.user().username(), this.properties.issuer()));
	}

}
