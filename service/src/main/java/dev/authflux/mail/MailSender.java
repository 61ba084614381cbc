package dev.authflux.mail;

/**
 * Hands a mail over for delivery, blocking: {@link MailDelivery} calls it on threads of
 * its own, never on an event loop.
 */
interface MailSender {

	/** Sends the mail, or throws if it could not be handed over. */
	void send(OutgoingMail mail) throws Exception;

	/** Where mail goes, for the log at start-up. */
	String destination();

}
