package dev.authflux.session;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.authflux.system.NotificationSubscriber;
import dev.authflux.user.SessionsEndedEvent;
import reactor.core.publisher.Mono;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Which sessions are live, remembered so that a protected request does not need the
 * database. Correct only because nothing that ends a session goes unnoticed:
 * <ul>
 * <li>this instance forgets a session as soon as its own statement that ended it returns,
 * before it answers;</li>
 * <li>every instance forgets it when PostgreSQL's trigger on {@code sessions} notifies
 * {@value #CHANNEL}, for any revocation, shortening or deletion, by any path;</li>
 * <li>while no notification can arrive (the listening connection is down), nothing is
 * cached and every lookup goes to the database;</li>
 * <li>a cached session whose {@code expires_at} has passed is read again (a refresh may
 * have extended it).</li>
 * </ul>
 * Sessions that are not live are remembered too: that never changes back.
 *
 * <p>
 * A lookup in flight when its session is forgotten is dropped from the cache when it
 * completes (Caffeine removes the pending entry), so a read that raced a revocation can
 * answer its own request but is never served to a later one.
 */
@Component
class LiveSessionCache implements NotificationSubscriber {

	static final String CHANNEL = "authflux_session_ended";

	private final SessionRepository repository;

	private final Clock clock;

	private final AsyncCache<UUID, Optional<LiveSession>> cache;

	private volatile boolean listening;

	LiveSessionCache(SessionRepository repository, SessionProperties properties, Clock clock) {
		this.repository = repository;
		this.clock = clock;
		this.cache = Caffeine.newBuilder()
			.maximumSize(properties.cacheSize())
			.expireAfterWrite(properties.cacheTtl())
			.buildAsync();
	}

	/** The session if it is live now. */
	Mono<LiveSession> find(UUID sessionId) {
		if (!this.listening) {
			return this.repository.findLive(sessionId);
		}
		return cached(sessionId).flatMap((cached) -> {
			if (cached.isEmpty()) {
				return Mono.empty();
			}
			if (cached.get().expiresAt().isAfter(this.clock.instant())) {
				return Mono.just(cached.get());
			}
			forget(sessionId);
			return this.repository.findLive(sessionId);
		});
	}

	private Mono<Optional<LiveSession>> cached(UUID sessionId) {
		CompletableFuture<Optional<LiveSession>> lookup = this.cache.get(sessionId,
				(id, executor) -> this.repository.findLive(id)
					.map(Optional::of)
					.defaultIfEmpty(Optional.empty())
					.toFuture());
		// One lookup serves every concurrent request for the session: one client
		// going away must not cancel it for the others.
		return Mono.fromFuture(lookup, true);
	}

	void forget(UUID sessionId) {
		this.cache.synchronous().invalidate(sessionId);
	}

	@EventListener
	void on(SessionsEndedEvent event) {
		this.cache.synchronous().invalidateAll(event.sessionIds());
	}

	@Override
	public String channel() {
		return CHANNEL;
	}

	@Override
	public void onNotification(String payload) {
		try {
			forget(UUID.fromString(payload));
		}
		catch (IllegalArgumentException ex) {
			// Not one of ours: the channel only ever carries session ids.
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
