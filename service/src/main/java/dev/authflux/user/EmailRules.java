package dev.authflux.user;

/**
 * What an email address must look like, named once for every request that carries one: an
 * ASCII address of the form of HTML's {@code input type=email} with a dot-atom local
 * part, at most 254 characters (RFC 5321 §4.5.3.1.3). ASCII only, so that comparing
 * addresses case-insensitively means the same in Java and PostgreSQL.
 */
public final class EmailRules {

	public static final String PATTERN = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
			+ "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*";

	public static final String MESSAGE = "must be an email address such as name@example.com";

	public static final int MAX_LENGTH = 254;

	public static final String TOO_LONG = "must be at most 254 characters";

	private EmailRules() {
	}

}
