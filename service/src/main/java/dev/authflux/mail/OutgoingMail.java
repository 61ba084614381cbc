package dev.authflux.mail;

/**
 * A mail claimed from the outbox for one attempt.
 *
 * @param id its row
 * @param recipient the address
 * @param subject the subject
 * @param body plain text, which may hold a one-time token
 * @param attempts how many attempts were made, this one included
 */
record OutgoingMail(long id, String recipient, String subject, String body, int attempts) {

	@Override
	public String toString() {
		return "OutgoingMail[id=" + this.id + ", attempts=" + this.attempts + "]";
	}

}
