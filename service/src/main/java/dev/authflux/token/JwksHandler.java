package dev.authflux.token;

import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /.well-known/jwks.json}: the public signing keys (RFC 7517 §5), cacheable.
 */
@Component
class JwksHandler {

	private final SigningKeys keys;

	private final CacheControl cacheControl;

	JwksHandler(SigningKeys keys, TokenProperties properties) {
		this.keys = keys;
		this.cacheControl = CacheControl.maxAge(properties.jwksMaxAge()).cachePublic();
	}

	Mono<ServerResponse> jwks(ServerRequest request) {
		return this.keys.current()
			.flatMap((keySet) -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.cacheControl(this.cacheControl)
				.bodyValue(keySet.jwksJson()));
	}

}
