package dev.authflux.client;

/**
 * A client as client authentication reads it: with the digest of its secret.
 *
 * @param client the client
 * @param secretHash the SHA-256 of its secret, or null for a public client
 */
record StoredClient(RegisteredClient client, byte[] secretHash) {
}
