package dev.authflux.token;

import dev.authflux.web.ClientAddresses;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code POST /api/v1/admin/signing-keys/rotate}: replaces the active signing key now,
 * for an operator authenticated with the admin client's HTTP Basic credentials. Answers
 * with the new and the retired key's ids, never with key material.
 */
@Component
class KeyRotationHandler {

	private final ClientSecretBasic admin;

	private final KeyRotation rotation;

	private final ClientAddresses clients;

	KeyRotationHandler(AdminProperties admin, KeyRotation rotation, ClientAddresses clients) {
		this.admin = new ClientSecretBasic(admin.clientId(), admin.clientSecret());
		this.rotation = rotation;
		this.clients = clients;
	}

	Mono<ServerResponse> rotate(ServerRequest request) {
		if (!this.admin.isAuthenticated(request)) {
			return Mono.error(new InvalidClientException());
		}
		return this.rotation.rotate(this.clients.of(request))
			.flatMap((rotated) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(rotated));
	}

}
