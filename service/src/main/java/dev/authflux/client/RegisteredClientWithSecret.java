package dev.authflux.client;

/**
 * A client just registered, with the secret that is shown this once and never stored.
 *
 * @param client the client
 * @param secret its secret, or null for a public client
 */
record RegisteredClientWithSecret(RegisteredClient client, String secret) {

	@Override
	public String toString() {
		return "RegisteredClientWithSecret[clientId=" + this.client.clientId() + "]";
	}

}
