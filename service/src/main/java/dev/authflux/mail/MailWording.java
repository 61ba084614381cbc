package dev.authflux.mail;

import java.time.Duration;

/**
 * Wording the mails of several features share.
 */
public final class MailWording {

	private MailWording() {
	}

	/** A token's validity as a reader says it: "30 minutes", "1 hour", "24 hours". */
	public static String validity(Duration duration) {
		if (duration.toMinutes() % 60 == 0 && duration.toHours() > 0) {
			return duration.toHours() + ((duration.toHours() == 1) ? " hour" : " hours");
		}
		long minutes = Math.max(1, duration.toMinutes());
		return minutes + ((minutes == 1) ? " minute" : " minutes");
	}

}
