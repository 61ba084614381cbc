package dev.authflux.system;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

/**
 * Rows remembered per instance, kept correct across instances by a PostgreSQL trigger
 * that notifies {@link #channel()} with the key of every row it changes:
 * <ul>
 * <li>the instance that changes a row calls {@link #forget} as soon as its own statement
 * returns, before it answers;</li>
 * <li>every instance forgets the key a notification names, whatever made the change;</li>
 * <li>while no notification can arrive (the listening connection is down), nothing is
 * cached and every lookup goes to the database.</li>
 * </ul>
 * A lookup that finds nothing is not remembered. A lookup in flight when its key is
 * forgotten is dropped from the cache when it completes (Caffeine removes the pending
 * entry), so a read that raced a change answers its own request but no later one.
 *
 * @param <K> the key, as the trigger's payload names it
 * @param <V> what is remembered for it
 */
public abstract class NotifiedCache<K, V> implements NotificationSubscriber {

	private final String channel;

	private final Function<K, Mono<V>> lookup;

	private final AsyncCache<K, V> cache;

	private volatile boolean listening;

	/**
	 * @param size the most keys remembered
	 * @param ttl the longest a value is trusted, bounding the damage of a missed
	 * notification
	 */
	protected NotifiedCache(String channel, long size, Duration ttl, Function<K, Mono<V>> lookup) {
		this.channel = channel;
		this.lookup = lookup;
		this.cache = Caffeine.newBuilder().maximumSize(size).expireAfterWrite(ttl).buildAsync();
	}

	/** The key a notification's payload names; null when it names none of ours. */
	protected abstract K keyOf(String payload);

	/** The value for the key, or empty; looked up only when subscribed to. */
	public Mono<V> find(K key) {
		return Mono.defer(() -> {
			if (!this.listening) {
				return this.lookup.apply(key);
			}
			// A lookup that completes empty completes the future with null, which
			// Caffeine does not keep.
			CompletableFuture<V> pending = this.cache.get(key, (k, executor) -> this.lookup.apply(k).toFuture());
			// One lookup serves every concurrent request for the key: one caller going
			// away must not cancel it for the others.
			return Mono.fromFuture(pending, true);
		});
	}

	public void forget(K key) {
		this.cache.synchronous().invalidate(key);
	}

	@Override
	public String channel() {
		return this.channel;
	}

	@Override
	public void onNotification(String payload) {
		K key = keyOf(payload);
		if (key != null) {
			forget(key);
		}
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
