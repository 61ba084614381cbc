package dev.authflux.recovery;

import dev.authflux.audit.ClientAddresses;
import dev.authflux.web.JsonRequests;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/** HTTP side of password reset: parse, call one service method, map the result. */
@Component
class PasswordResetHandler {

	private final PasswordResetService resets;

	private final JsonRequests json;

	private final ClientAddresses clients;

	PasswordResetHandler(PasswordResetService resets, JsonRequests json, ClientAddresses clients) {
		this.resets = resets;
		this.json = json;
		this.clients = clients;
	}

	/** 202 with no body, alike for every address, so the answer tells nothing. */
	Mono<ServerResponse> request(ServerRequest request) {
		return this.json.read(request, PasswordResetRequest.class)
			.flatMap((body) -> this.resets.request(body.email(), this.clients.of(request)))
			.then(ServerResponse.accepted().build());
	}

	Mono<ServerResponse> confirm(ServerRequest request) {
		return this.json.read(request, PasswordResetConfirmation.class)
			.flatMap((body) -> this.resets.confirm(body.token(), body.newPassword(), this.clients.of(request)))
			.then(ServerResponse.noContent().build());
	}

}
