package dev.authflux.user;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.authflux.system.NotificationSubscriber;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Accounts' email addresses, remembered so that {@code GET /api/v1/users/me} answers from
 * memory like the rest of bearer authentication. Kept correct as the client cache is:
 * this instance forgets an account as soon as its own statement changed the address;
 * every instance forgets it when the trigger on {@code users} notifies {@value #CHANNEL};
 * while the listening connection is down, nothing is cached.
 */
@Component
class EmailStatusCache implements NotificationSubscriber {

	static final String CHANNEL = "authflux_email_changed";

	/** Bounds memory; accounts beyond it are read again. */
	private static final long SIZE = 100_000;

	/** Bounds the damage of a missed notification; changes reach the cache at once. */
	private static final Duration TTL = Duration.ofMinutes(5);

	private final EmailRepository repository;

	private final AsyncCache<UUID, EmailStatus> cache;

	private volatile boolean listening;

	EmailStatusCache(EmailRepository repository) {
		this.repository = repository;
		this.cache = Caffeine.newBuilder().maximumSize(SIZE).expireAfterWrite(TTL).buildAsync();
	}

	Mono<EmailStatus> find(UUID userId) {
		return Mono.defer(() -> {
			if (!this.listening) {
				return this.repository.find(userId);
			}
			CompletableFuture<EmailStatus> lookup = this.cache.get(userId,
					(id, executor) -> this.repository.find(id).toFuture());
			// One lookup serves every concurrent request for the account: one caller
			// going
			// away must not cancel it for the others.
			return Mono.fromFuture(lookup, true);
		});
	}

	void forget(UUID userId) {
		this.cache.synchronous().invalidate(userId);
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
			// Not an account id: nothing of ours to forget.
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
