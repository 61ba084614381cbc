package dev.authflux.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.authflux.system.NotificationSubscriber;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Registered clients with the digests of their secrets, remembered so that a token
 * request, an authorization request or an introspection does not need the database.
 * Correct only because no change of a client goes unnoticed:
 * <ul>
 * <li>this instance forgets a client as soon as its own statement that changed it
 * returns, before it answers;</li>
 * <li>every instance forgets it when PostgreSQL's trigger on {@code oauth_clients}
 * notifies {@value #CHANNEL}, for any change or deletion, by any path (an operator's
 * hand-written SQL too);</li>
 * <li>while no notification can arrive (the listening connection is down), nothing is
 * cached and every lookup goes to the database.</li>
 * </ul>
 * An unknown client id is not remembered: ids that do not exist cost a lookup each, and
 * their failures are throttled, rather than filling the cache.
 *
 * <p>
 * A lookup in flight when its client is forgotten is dropped from the cache when it
 * completes (Caffeine removes the pending entry), so a read that raced a change can
 * answer its own request but is never served to a later one.
 */
@Component
class ClientCache implements NotificationSubscriber {

	static final String CHANNEL = "authflux_client_changed";

	/** Far more clients than a deployment registers; bounds memory if ids are sprayed. */
	private static final long SIZE = 10_000;

	/** Bounds the damage of a missed notification; changes reach the cache at once. */
	private static final Duration TTL = Duration.ofMinutes(5);

	private final ClientRepository repository;

	private final AsyncCache<String, StoredClient> cache;

	private volatile boolean listening;

	ClientCache(ClientRepository repository) {
		this.repository = repository;
		this.cache = Caffeine.newBuilder().maximumSize(SIZE).expireAfterWrite(TTL).buildAsync();
	}

	/**
	 * The client with the digest of its secret, or empty if there is none; looked up only
	 * when subscribed to (a throttled caller is refused without a lookup).
	 */
	Mono<StoredClient> find(String clientId) {
		return Mono.defer(() -> {
			if (!this.listening) {
				return this.repository.findForAuthentication(clientId);
			}
			// A lookup that completes empty completes the future with null, which
			// Caffeine does not keep.
			CompletableFuture<StoredClient> lookup = this.cache.get(clientId,
					(id, executor) -> this.repository.findForAuthentication(id).toFuture());
			// One lookup serves every concurrent request for the client: one caller going
			// away must not cancel it for the others.
			return Mono.fromFuture(lookup, true);
		});
	}

	void forget(String clientId) {
		this.cache.synchronous().invalidate(clientId);
	}

	@Override
	public String channel() {
		return CHANNEL;
	}

	@Override
	public void onNotification(String payload) {
		forget(payload);
	}

	@Override
	public void onListening() {
		this.cache.synchronous().invalidateAll();
		this.listening = true;
	}

	@Override
	public void onInterrupted() {
		this.listening = false;
		this.cache.synchronous().invalidateAll();
	}

}
