package dev.authflux.client;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import dev.authflux.audit.AuditEvent;
import dev.authflux.audit.AuditInsert;
import dev.authflux.audit.ClientInfo;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/**
 * {@code oauth_clients}: each operator's change is one statement that writes its audit
 * event with it; the lookup of client authentication is one statement by primary key.
 */
@Repository
class ClientRepository {

	private static final String COLUMNS = "client_id, client_name, redirect_uris, grant_types, response_types,"
			+ " token_endpoint_auth_method, scope, post_logout_redirect_uris, skip_consent, created_at, disabled_at";

	private final DatabaseClient db;

	ClientRepository(DatabaseClient db) {
		this.db = db;
	}

	Mono<RegisteredClient> insert(String clientId, byte[] secretHash, ClientMetadata metadata, ClientInfo operator) {
		AuditInsert audit = AuditInsert.of(AuditEvent.CLIENT_CREATED, operator).detail("client_id").from("inserted");
		return bindMetadata(this.db.sql("""
				WITH inserted AS (
				    INSERT INTO oauth_clients (client_id, secret_hash, client_name, redirect_uris, grant_types,
				        response_types, token_endpoint_auth_method, scope, post_logout_redirect_uris, skip_consent)
				    VALUES (:clientId, :secretHash, :clientName, :redirectUris, :grantTypes, :responseTypes, :method,
				        :scope, :postLogoutRedirectUris, :skipConsent)
				    RETURNING %s
				), %s
				SELECT * FROM inserted""".formatted(COLUMNS, audit.cte())), metadata).bind("clientId", clientId)
			.bind("secretHash", Parameter.fromOrEmpty(secretHash, byte[].class))
			.bindValues(audit.parameters())
			.map(ClientRepository::client)
			.one();
	}

	Flux<RegisteredClient> findAll() {
		return this.db.sql("SELECT %s FROM oauth_clients ORDER BY created_at, client_id".formatted(COLUMNS))
			.map(ClientRepository::client)
			.all();
	}

	Mono<RegisteredClient> findById(String clientId) {
		return this.db.sql("SELECT %s FROM oauth_clients WHERE client_id = :clientId".formatted(COLUMNS))
			.bind("clientId", clientId)
			.map(ClientRepository::client)
			.one();
	}

	/** The client with the digest of its secret, for client authentication. */
	Mono<StoredClient> findForAuthentication(String clientId) {
		return this.db.sql("SELECT %s, secret_hash FROM oauth_clients WHERE client_id = :clientId".formatted(COLUMNS))
			.bind("clientId", clientId)
			.map((row) -> new StoredClient(client(row), row.get("secret_hash", byte[].class)))
			.one();
	}

	/**
	 * Replaces the metadata of a client, keeping its secret; empty if there is no such
	 * client, or if the new metadata would turn a public client into a confidential one
	 * or back (the secret would have to appear or go).
	 */
	Mono<RegisteredClient> update(String clientId, ClientMetadata metadata, ClientInfo operator) {
		AuditInsert audit = AuditInsert.of(AuditEvent.CLIENT_UPDATED, operator).detail("client_id").from("updated");
		return bindMetadata(this.db.sql("""
				WITH updated AS (
				    UPDATE oauth_clients SET client_name = :clientName, redirect_uris = :redirectUris,
				        grant_types = :grantTypes, response_types = :responseTypes,
				        token_endpoint_auth_method = :method, scope = :scope,
				        post_logout_redirect_uris = :postLogoutRedirectUris, skip_consent = :skipConsent,
				        updated_at = now()
				    WHERE client_id = :clientId AND (secret_hash IS NULL) = (:method = 'none')
				    RETURNING %s
				), %s
				SELECT * FROM updated""".formatted(COLUMNS, audit.cte())), metadata).bind("clientId", clientId)
			.bindValues(audit.parameters())
			.map(ClientRepository::client)
			.one();
	}

	/** Whether a client was deleted. */
	Mono<Boolean> delete(String clientId, ClientInfo operator) {
		AuditInsert audit = AuditInsert.of(AuditEvent.CLIENT_DELETED, operator).detail("client_id").from("deleted");
		return this.db.sql("""
				WITH deleted AS (
				    DELETE FROM oauth_clients WHERE client_id = :clientId RETURNING client_id
				), %s
				SELECT count(*) AS changed FROM deleted""".formatted(audit.cte()))
			.bind("clientId", clientId)
			.bindValues(audit.parameters())
			.map((row) -> row.get("changed", Long.class) > 0)
			.one();
	}

	/**
	 * Disables the client (kept from the first time if it already was) or enables it;
	 * whether it exists.
	 */
	Mono<Boolean> setDisabled(String clientId, boolean disabled, ClientInfo operator) {
		AuditEvent event = disabled ? AuditEvent.CLIENT_DISABLED : AuditEvent.CLIENT_ENABLED;
		AuditInsert audit = AuditInsert.of(event, operator).detail("client_id").from("changed");
		return this.db.sql("""
				WITH changed AS (
				    UPDATE oauth_clients
				    SET disabled_at = CASE WHEN :disabled THEN coalesce(disabled_at, now()) END, updated_at = now()
				    WHERE client_id = :clientId RETURNING client_id
				), %s
				SELECT count(*) AS changed FROM changed""".formatted(audit.cte()))
			.bind("clientId", clientId)
			.bind("disabled", disabled)
			.bindValues(audit.parameters())
			.map((row) -> row.get("changed", Long.class) > 0)
			.one();
	}

	private static DatabaseClient.GenericExecuteSpec bindMetadata(DatabaseClient.GenericExecuteSpec spec,
			ClientMetadata metadata) {
		return spec.bind("clientName", metadata.clientName())
			.bind("redirectUris", metadata.redirectUris().toArray(String[]::new))
			.bind("grantTypes", metadata.grantTypes().toArray(String[]::new))
			.bind("responseTypes", metadata.responseTypes().toArray(String[]::new))
			.bind("method", metadata.tokenEndpointAuthMethod().value())
			.bind("scope", metadata.scopeString())
			.bind("postLogoutRedirectUris", metadata.postLogoutRedirectUris().toArray(String[]::new))
			.bind("skipConsent", metadata.skipConsent());
	}

	private static RegisteredClient client(Readable row) {
		Set<String> scope = Scopes.parse(row.get("scope", String.class));
		ClientMetadata metadata = new ClientMetadata(row.get("client_name", String.class),
				list(row.get("redirect_uris", String[].class)), list(row.get("grant_types", String[].class)),
				list(row.get("response_types", String[].class)),
				AuthMethod.of(row.get("token_endpoint_auth_method", String.class)), (scope != null) ? scope : Set.of(),
				list(row.get("post_logout_redirect_uris", String[].class)),
				Boolean.TRUE.equals(row.get("skip_consent", Boolean.class)));
		return new RegisteredClient(row.get("client_id", String.class), metadata, row.get("created_at", Instant.class),
				row.get("disabled_at", Instant.class) != null);
	}

	private static List<String> list(String[] values) {
		return (values != null) ? List.copyOf(Arrays.asList(values)) : List.of();
	}

}
