package dev.authflux.passkey;

import java.util.UUID;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/**
 * A passkey login that did not prove an account: one answer for every reason, so that it
 * tells nothing about which credentials or accounts exist. The reason goes to the audit
 * log only.
 */
public class InvalidPasskeyException extends ApiException {

	private final transient PasskeyRefusal reason;

	private final transient UUID userId;

	InvalidPasskeyException(PasskeyRefusal reason) {
		this(reason, null);
	}

	InvalidPasskeyException(PasskeyRefusal reason, UUID userId) {
		super(HttpStatus.UNAUTHORIZED, "invalid_passkey", "The passkey could not be verified.");
		this.reason = reason;
		this.userId = userId;
	}

	PasskeyRefusal reason() {
		return this.reason;
	}

	/** The account the credential named, or null if none. */
	UUID userId() {
		return this.userId;
	}

	/** The same refusal, of the account the credential named. */
	InvalidPasskeyException of(UUID user) {
		return new InvalidPasskeyException(this.reason, user);
	}

}
