package dev.authflux.passkey;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import dev.authflux.audit.ClientAddresses;
import dev.authflux.session.AuthenticatedSession;
import dev.authflux.web.JsonRequests;
import dev.authflux.web.ValidationFailedException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/** HTTP side of passkeys: parse, call one service method, map the result. */
@Component
class PasskeyHandler {

	private static final String DEFAULT_NAME = "Passkey";

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final PasskeyService passkeys;

	private final JsonRequests json;

	private final ClientAddresses clients;

	PasskeyHandler(PasskeyService passkeys, JsonRequests json, ClientAddresses clients) {
		this.passkeys = passkeys;
		this.json = json;
		this.clients = clients;
	}

	Mono<ServerResponse> registrationOptions(ServerRequest request) {
		return this.passkeys.registrationOptions(AuthenticatedSession.of(request).user())
			.flatMap((options) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(options));
	}

	Mono<ServerResponse> register(ServerRequest request) {
		AuthenticatedSession caller = AuthenticatedSession.of(request);
		return this.json.read(request, PasskeyRegistrationRequest.class)
			.flatMap((body) -> this.passkeys.register(caller.user(), credential(body.credential()),
					(body.name() != null) ? body.name() : DEFAULT_NAME, this.clients.of(request)))
			.flatMap((passkey) -> ServerResponse.created(URI.create(PasskeyRoutes.PASSKEYS + "/" + passkey.id()))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(passkey));
	}

	Mono<ServerResponse> list(ServerRequest request) {
		return this.passkeys.list(AuthenticatedSession.of(request).user())
			.collectList()
			.flatMap((passkeys) -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("passkeys", passkeys)));
	}

	Mono<ServerResponse> delete(ServerRequest request) {
		UUID passkeyId;
		try {
			passkeyId = UUID.fromString(request.pathVariable("id"));
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(new PasskeyNotFoundException());
		}
		return this.passkeys.delete(AuthenticatedSession.of(request).user(), passkeyId, this.clients.of(request))
			.then(ServerResponse.noContent().build());
	}

	Mono<ServerResponse> loginOptions(ServerRequest request) {
		return this.passkeys.loginOptions()
			.flatMap((options) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(options));
	}

	Mono<ServerResponse> secondFactorOptions(ServerRequest request) {
		return this.json.read(request, SecondFactorOptionsRequest.class)
			.flatMap((body) -> this.passkeys.secondFactorOptions(body.mfaToken()))
			.flatMap((options) -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.cacheControl(CacheControl.noStore())
				.bodyValue(options));
	}

	Mono<ServerResponse> login(ServerRequest request) {
		return this.json.read(request, PasskeyLoginRequest.class)
			.flatMap((body) -> this.passkeys.login(credential(body.credential()), this.clients.of(request)))
			.flatMap((tokens) -> ServerResponse.status(HttpStatus.CREATED)
				.location(URI.create("/api/v1/sessions/" + tokens.sessionId()))
				.contentType(MediaType.APPLICATION_JSON)
				.cacheControl(CacheControl.noStore())
				.header("Pragma", "no-cache")
				.bodyValue(tokens));
	}

	/** The credential as JSON text for webauthn4j; it must be a JSON object. */
	private String credential(JsonNode credential) {
		if (credential == null || !credential.isObject()) {
			throw ValidationFailedException.of("credential", "must be an object");
		}
		return this.mapper.writeValueAsString(credential);
	}

}
