package dev.authflux.user;

import java.util.List;
import java.util.UUID;

/**
 * Sessions that an account operation ended in the same statement as its own change: the
 * other sessions on a password change, all of them on deletion. Published after the
 * change is committed, so this instance forgets them before it answers; other instances
 * learn it from the database's notification.
 *
 * @param sessionIds the sessions that ended
 */
public record SessionsEndedEvent(List<UUID> sessionIds) {

	public SessionsEndedEvent {
		sessionIds = List.copyOf(sessionIds);
	}

}
