package dev.authflux.user;

import java.time.Duration;
import java.util.UUID;

import dev.authflux.system.NotifiedCache;

import org.springframework.stereotype.Component;

/**
 * Accounts' email addresses, remembered so that {@code GET /api/v1/users/me} answers from
 * memory like the rest of bearer authentication. Correct because the trigger on
 * {@code users} notifies {@value #CHANNEL} whenever an address or its verification
 * changes; see {@link NotifiedCache}.
 */
@Component
class EmailStatusCache extends NotifiedCache<UUID, EmailStatus> {

	static final String CHANNEL = "authflux_email_changed";

	/** Bounds memory; accounts beyond it are read again. */
	private static final long SIZE = 100_000;

	/** Bounds the damage of a missed notification; changes reach the cache at once. */
	private static final Duration TTL = Duration.ofMinutes(5);

	EmailStatusCache(EmailRepository repository) {
		super(CHANNEL, SIZE, TTL, repository::find);
	}

	@Override
	protected UUID keyOf(String payload) {
		try {
			return UUID.fromString(payload);
		}
		catch (IllegalArgumentException ex) {
			// Not an account id: nothing of ours to forget.
			return null;
		}
	}

}
