package dev.authflux.token;

import dev.authflux.throttle.ClientAuthenticationThrottle;
import dev.authflux.web.ClientAddresses;
import dev.authflux.web.ClientInfo;
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

	private final ClientAuthenticationThrottle throttle;

	KeyRotationHandler(AdminProperties admin, KeyRotation rotation, ClientAddresses clients,
			ClientAuthenticationThrottle throttle) {
		this.admin = new ClientSecretBasic(admin.clientId(), admin.clientSecret());
		this.rotation = rotation;
		this.clients = clients;
		this.throttle = throttle;
	}

	Mono<ServerResponse> rotate(ServerRequest request) {
		ClientInfo client = this.clients.of(request);
		return this.throttle
			.authenticate(client, "admin", () -> this.admin.isAuthenticated(request), InvalidClientException::new)
			.then(Mono.defer(() -> this.rotation.rotate(client)))
			.flatMap((rotated) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(rotated));
	}

}
