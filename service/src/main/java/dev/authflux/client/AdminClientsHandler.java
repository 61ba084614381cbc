package dev.authflux.client;

import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;

import dev.authflux.audit.ClientAddresses;
import dev.authflux.web.JsonRequests;
import dev.authflux.web.ValidationFailedException;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * HTTP side of {@code /api/v1/admin/clients}. The operator is already authenticated by
 * {@code AdminAuthentication}; every change is audited with the operator's address.
 */
@Component
class AdminClientsHandler {

	/** What an issued client id can look like: anything else names no client. */
	private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private final ClientRegistry registry;

	private final JsonRequests json;

	private final ClientAddresses clients;

	AdminClientsHandler(ClientRegistry registry, JsonRequests json, ClientAddresses clients) {
		this.registry = registry;
		this.json = json;
		this.clients = clients;
	}

	Mono<ServerResponse> create(ServerRequest request) {
		return metadata(request).flatMap((metadata) -> this.registry.register(metadata, this.clients.of(request)))
			.flatMap((registered) -> ServerResponse
				.created(URI.create(request.path() + "/" + registered.client().clientId()))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(ClientView.of(registered)));
	}

	Mono<ServerResponse> list(ServerRequest request) {
		return this.registry.list()
			.map(ClientView::of)
			.collectList()
			.flatMap((all) -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("clients", all)));
	}

	Mono<ServerResponse> get(ServerRequest request) {
		return clientId(request).flatMap(this.registry::find).flatMap(AdminClientsHandler::ok);
	}

	Mono<ServerResponse> update(ServerRequest request) {
		return clientId(request)
			.flatMap((clientId) -> metadata(request)
				.flatMap((metadata) -> this.registry.update(clientId, metadata, this.clients.of(request))))
			.flatMap(AdminClientsHandler::ok);
	}

	Mono<ServerResponse> delete(ServerRequest request) {
		return clientId(request).flatMap((clientId) -> this.registry.delete(clientId, this.clients.of(request)))
			.then(ServerResponse.noContent().build());
	}

	Mono<ServerResponse> disable(ServerRequest request) {
		return clientId(request).flatMap((clientId) -> this.registry.disable(clientId, this.clients.of(request)))
			.then(ServerResponse.noContent().build());
	}

	Mono<ServerResponse> enable(ServerRequest request) {
		return clientId(request).flatMap((clientId) -> this.registry.enable(clientId, this.clients.of(request)))
			.then(ServerResponse.noContent().build());
	}

	/**
	 * The JSON body; a member of the wrong type is RFC 7591's
	 * {@code invalid_client_metadata}, like any other broken member.
	 */
	private Mono<ClientMetadataRequest> metadata(ServerRequest request) {
		return this.json.read(request, ClientMetadataRequest.class)
			.onErrorMap(ValidationFailedException.class, (ex) -> InvalidClientMetadataException
				.metadata(ex.errors().get(0).field() + " has the wrong type"));
	}

	private static Mono<ServerResponse> ok(RegisteredClient client) {
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(ClientView.of(client));
	}

	/**
	 * The {@code {client_id}} of the path; one that cannot have been issued is unknown.
	 */
	private static Mono<String> clientId(ServerRequest request) {
		String clientId = request.pathVariable("clientId");
		return CLIENT_ID.matcher(clientId).matches() ? Mono.just(clientId) : Mono.error(new ClientNotFoundException());
	}

}
