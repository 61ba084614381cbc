package dev.authflux.client;

import java.util.HashSet;
import java.util.Set;

import dev.authflux.audit.ClientInfo;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * The operators' client registry (RFC 7591 metadata, managed as in RFC 7592): register,
 * list, read, replace, delete, disable and enable clients. Every change is audited with
 * the operator's address; an unknown client is {@link ClientNotFoundException}. A changed
 * client is forgotten by this instance's {@link ClientCache} before the change is
 * answered (the other instances learn of it from the database's notification).
 */
@Service
public class ClientRegistry {

	private final ClientRepository clients;

	private final ClientSecrets secrets;

	private final ClientMetadataRules rules;

	private final ClientCache cache;

	ClientRegistry(ClientRepository clients, ClientSecrets secrets, ClientProperties properties, ClientCache cache) {
		this.clients = clients;
		this.secrets = secrets;
		this.cache = cache;
		Set<String> known = new HashSet<>(Scopes.OPENID_SCOPES);
		known.addAll(properties.apiScopes());
		this.rules = new ClientMetadataRules(known);
	}

	/**
	 * Registers a client; a confidential one gets a new secret, returned this once.
	 */
	Mono<RegisteredClientWithSecret> register(ClientMetadataRequest request, ClientInfo operator) {
		return Mono.fromCallable(() -> this.rules.check(request)).flatMap((metadata) -> {
			String secret = metadata.isPublic() ? null : this.secrets.newSecret();
			byte[] hash = (secret != null) ? ClientSecrets.hash(secret) : null;
			return this.clients.insert(this.secrets.newClientId(), hash, metadata, operator)
				.map((client) -> new RegisteredClientWithSecret(client, secret));
		});
	}

	Flux<RegisteredClient> list() {
		return this.clients.findAll();
	}

	Mono<RegisteredClient> find(String clientId) {
		return this.clients.findById(clientId).switchIfEmpty(Mono.error(ClientNotFoundException::new));
	}

	/**
	 * Replaces the client's metadata and keeps its secret. A public client cannot become
	 * confidential or the other way round: register a new client for that.
	 */
	Mono<RegisteredClient> update(String clientId, ClientMetadataRequest request, ClientInfo operator) {
		return Mono.fromCallable(() -> this.rules.check(request))
			.flatMap((metadata) -> this.clients.update(clientId, metadata, operator)
				.doOnNext((updated) -> this.cache.forget(clientId))
				.switchIfEmpty(Mono.defer(() -> this.clients.findById(clientId)
					.flatMap((existing) -> Mono.<RegisteredClient>error(InvalidClientMetadataException
						.metadata("token_endpoint_auth_method cannot change between none and a secret method;"
								+ " register a new client instead")))
					.switchIfEmpty(Mono.error(ClientNotFoundException::new)))));
	}

	Mono<Void> delete(String clientId, ClientInfo operator) {
		return this.clients.delete(clientId, operator).flatMap((found) -> changed(clientId, found));
	}

	Mono<Void> disable(String clientId, ClientInfo operator) {
		return this.clients.setDisabled(clientId, true, operator).flatMap((found) -> changed(clientId, found));
	}

	Mono<Void> enable(String clientId, ClientInfo operator) {
		return this.clients.setDisabled(clientId, false, operator).flatMap((found) -> changed(clientId, found));
	}

	/**
	 * The client with this id, disabled or not, or empty if there is none (the
	 * authorization endpoint's lookup: it authenticates nobody).
	 */
	public Mono<RegisteredClient> lookup(String clientId) {
		return this.cache.find(clientId).map(StoredClient::client);
	}

	/**
	 * Whether the client still exists and is enabled: a token it was issued is active
	 * only while it is.
	 */
	public Mono<Boolean> isActive(String clientId) {
		return this.cache.find(clientId).map((stored) -> !stored.client().disabled()).defaultIfEmpty(false);
	}

	private Mono<Void> changed(String clientId, boolean found) {
		if (!found) {
			return Mono.error(new ClientNotFoundException());
		}
		this.cache.forget(clientId);
		return Mono.empty();
	}

}
