package dev.authflux.admin;

import dev.authflux.token.KeyRotation;
import dev.authflux.audit.ClientAddresses;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code POST /api/v1/admin/signing-keys/rotate}: replaces the active signing keys now,
 * for an operator ({@link AdminAuthentication}). Answers with the new and the retired
 * keys' ids, never with key material.
 */
@Component
class KeyRotationHandler {

	private final KeyRotation rotation;

	private final ClientAddresses clients;

	KeyRotationHandler(KeyRotation rotation, ClientAddresses clients) {
		this.rotation = rotation;
		this.clients = clients;
	}

	Mono<ServerResponse> rotate(ServerRequest request) {
		return this.rotation.rotate(this.clients.of(request))
			.flatMap((rotated) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(rotated));
	}

}
