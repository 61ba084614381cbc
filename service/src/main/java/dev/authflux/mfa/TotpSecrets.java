package dev.authflux.mfa;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.UUID;

import com.google.crypto.tink.Aead;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import com.google.crypto.tink.subtle.AesGcmJce;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Component;

/**
 * TOTP secrets at rest: AES-256-GCM (Tink) under {@link MfaProperties#encryptionKey()},
 * with the user id as associated data, so that a secret copied to another account's row
 * does not decrypt. A database dump alone yields no secret to compute codes with.
 */
@Component
class TotpSecrets {

	private static final Log logger = LogFactory.getLog(TotpSecrets.class);

	private final Aead aead;

	TotpSecrets(MfaProperties properties) {
		this.aead = aead(properties.encryptionKey());
	}

	private static Aead aead(String encodedKey) {
		if (encodedKey == null || encodedKey.isBlank()) {
			return null;
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(encodedKey.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("authflux.mfa.encryption-key is not Base64");
		}
		if (key.length != 32) {
			throw new IllegalStateException("authflux.mfa.encryption-key must be 32 bytes (Base64 of 32 random bytes)");
		}
		try {
			return new AesGcmJce(key);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-256-GCM is not available", ex);
		}
	}

	/**
	 * The secret encrypted for the user. Off the event loop: Tink draws the nonce from a
	 * SecureRandom of its own, which may read {@code /dev/urandom}.
	 */
	Mono<byte[]> encrypt(UUID userId, byte[] secret) {
		return Mono.fromCallable(() -> required().encrypt(secret, associatedData(userId)))
			.subscribeOn(Schedulers.boundedElastic());
	}

	byte[] decrypt(UUID userId, byte[] encrypted) {
		try {
			return required().decrypt(encrypted, associatedData(userId));
		}
		catch (GeneralSecurityException ex) {
			// Only another key than the one it was stored under does this: an operator's
			// matter, answered like a missing key rather than as a failure of the
			// request.
			logger.error("The TOTP secret of user " + userId
					+ " does not decrypt: was authflux.mfa.encryption-key changed since it was stored?");
			throw new MfaUnavailableException();
		}
	}

	private Aead required() {
		if (this.aead == null) {
			throw new MfaUnavailableException();
		}
		return this.aead;
	}

	private static byte[] associatedData(UUID userId) {
		return ("totp:" + userId).getBytes(StandardCharsets.US_ASCII);
	}

}
