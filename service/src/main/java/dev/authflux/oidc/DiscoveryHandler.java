package dev.authflux.oidc;

import java.util.List;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.authflux.token.TokenProperties;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /.well-known/openid-configuration} (OpenID Connect Discovery 1.0 §4) and
 * {@code GET /.well-known/oauth-authorization-server} (RFC 8414 §3): one document for
 * both, written once from configuration, publicly cacheable.
 */
@Component
class DiscoveryHandler {

	private final byte[] document;

	private final CacheControl cacheControl;

	DiscoveryHandler(TokenProperties tokens, OidcProperties properties, JsonMapper json) {
		ProviderMetadata metadata = new ProviderMetadata(tokens.issuer(),
				List.of(tokens.idTokenAlgorithm().jwsAlgorithm().getName()));
		this.document = json.writeValueAsBytes(metadata.members());
		this.cacheControl = CacheControl.maxAge(properties.discoveryMaxAge()).cachePublic();
	}

	Mono<ServerResponse> metadata(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(this.cacheControl)
			.bodyValue(this.document);
	}

}
