package dev.authflux.user;

import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * What a new password must be, as NIST SP 800-63B §5.1.1.2 asks of a memorized secret: 8
 * to 256 characters after NFKC normalization, not one character repeated, not containing
 * the username, and not on a list of common and breached passwords. No composition rules
 * (digits, symbols, mixed case): they make passwords harder to remember and no harder to
 * guess. Applied when a password is chosen (registration, the original service's first
 * use of a name, a password change), never at login, so that an account whose password
 * predates a rule can still log in and change it.
 */
@Component
public class PasswordPolicy {

	static final String TOO_COMMON = "is too common: it is on a list of breached passwords";

	static final String CONTAINS_USERNAME = "must not contain the username";

	static final String REPEATED = "must not be one character repeated";

	private final BreachedPasswords breached;

	/** Reads the list once, as the application starts. */
	PasswordPolicy() {
		this.breached = BreachedPasswords.load();
	}

	/**
	 * Fails with {@link PasswordRejectedException} on {@code field} if {@code password}
	 * may not become the password of {@code username}.
	 */
	public void requireAcceptable(String field, String password, String username) {
		String problem = problemWith(password, username);
		if (problem != null) {
			throw new PasswordRejectedException(field, problem);
		}
	}

	/** What is wrong with the password, or {@code null}. */
	String problemWith(String password, String username) {
		if (!CredentialRules.hasAllowedLength(password)) {
			return CredentialRules.PASSWORD_MESSAGE;
		}
		String normalized = CredentialRules.normalizedPassword(password);
		if (normalized.codePoints().distinct().count() == 1) {
			return REPEATED;
		}
		if (normalized.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
			return CONTAINS_USERNAME;
		}
		if (this.breached.contains(normalized)) {
			return TOO_COMMON;
		}
		return null;
	}

}
