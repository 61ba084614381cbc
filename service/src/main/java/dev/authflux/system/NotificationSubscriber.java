package dev.authflux.system;

/**
 * Something that keeps state in memory which other instances of the service can make
 * stale, and learns of their changes through a PostgreSQL {@code NOTIFY} channel (see
 * {@link DatabaseNotifications}).
 */
public interface NotificationSubscriber {

	/** The channel to {@code LISTEN} on. */
	String channel();

	/** A notification on {@link #channel()}, with its payload. */
	void onNotification(String payload);

	/**
	 * Notifications are being received from now on. Anything cached before may have
	 * missed some, so drop it; from here on caching is safe.
	 */
	void onListening();

	/**
	 * Notifications may be missed from now on (the listening connection is gone): stop
	 * trusting and filling caches until {@link #onListening()}.
	 */
	void onInterrupted();

}
