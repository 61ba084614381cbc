package dev.authflux.client;

import java.time.Duration;

import dev.authflux.system.NotifiedCache;

import org.springframework.stereotype.Component;

/**
 * Registered clients with the digests of their secrets, remembered so that a token
 * request, an authorization request or an introspection does not need the database.
 * Correct because PostgreSQL's trigger on {@code oauth_clients} notifies
 * {@value #CHANNEL} for any change or deletion, by any path (an operator's hand-written
 * SQL too); see {@link NotifiedCache}. An unknown client id is not remembered: ids that
 * do not exist cost a lookup each, and their failures are throttled, rather than filling
 * the cache.
 */
@Component
class ClientCache extends NotifiedCache<String, StoredClient> {

	static final String CHANNEL = "authflux_client_changed";

	/** Far more clients than a deployment registers; bounds memory if ids are sprayed. */
	private static final long SIZE = 10_000;

	/** Bounds the damage of a missed notification; changes reach the cache at once. */
	private static final Duration TTL = Duration.ofMinutes(5);

	ClientCache(ClientRepository repository) {
		super(CHANNEL, SIZE, TTL, repository::findForAuthentication);
	}

	@Override
	protected String keyOf(String payload) {
		return payload;
	}

}
