package dev.authflux.client;

import java.time.Instant;

/**
 * A client in the registry: its id and metadata, never its secret.
 *
 * @param clientId the {@code client_id}, issued by the registry
 * @param metadata what it was registered with
 * @param createdAt when it was registered ({@code client_id_issued_at})
 * @param disabled whether an operator disabled it: it then authenticates nowhere
 */
public record RegisteredClient(String clientId, ClientMetadata metadata, Instant createdAt, boolean disabled) {
}
