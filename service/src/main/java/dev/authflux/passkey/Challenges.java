package dev.authflux.passkey;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.UUID;

import com.webauthn4j.data.client.CollectedClientData;
import dev.authflux.system.OpaqueValues;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Challenges of the ceremonies (WebAuthn §13.4.3): 256 random bits from the service's
 * DRBG, stored as their SHA-256 for {@link PasskeyProperties#challengeTtl()}, spent by
 * the first answer. The answer carries the challenge back in its client data, so no
 * ceremony id is needed.
 */
@Component
class Challenges {

	private static final int BYTES = 32;

	private final ChallengeRepository repository;

	private final SecureRandom random;

	private final Duration ttl;

	Challenges(ChallengeRepository repository, SecureRandom random, PasskeyProperties properties) {
		this.repository = repository;
		this.random = random;
		this.ttl = properties.challengeTtl();
	}

	Duration ttl() {
		return this.ttl;
	}

	/** A new registration challenge of the account, Base64url. */
	Mono<String> issueForRegistration(UUID userId) {
		return Mono.defer(() -> {
			byte[] challenge = next();
			return this.repository
				.issueForAccount(ChallengeRepository.REGISTRATION, sha256(challenge), userId, this.ttl)
				.thenReturn(OpaqueValues.base64url(challenge));
		});
	}

	/** A new challenge of a login's second step for the account, Base64url. */
	Mono<String> issueForSecondFactor(UUID userId) {
		return Mono.defer(() -> {
			byte[] challenge = next();
			return this.repository
				.issueForAccount(ChallengeRepository.SECOND_FACTOR, sha256(challenge), userId, this.ttl)
				.thenReturn(OpaqueValues.base64url(challenge));
		});
	}

	/** A new login challenge, Base64url. */
	Mono<String> issueForAuthentication() {
		return Mono.defer(() -> {
			byte[] challenge = next();
			return this.repository.issueForAuthentication(sha256(challenge), this.ttl)
				.thenReturn(OpaqueValues.base64url(challenge));
		});
	}

	/**
	 * Spends the registration challenge the client data answers, if it is the account's
	 * and live; its bytes, or empty.
	 */
	Mono<byte[]> spendForRegistration(CollectedClientData clientData, UUID userId) {
		return spendForAccount(ChallengeRepository.REGISTRATION, clientData, userId);
	}

	/**
	 * Spends the challenge of a login's second step the client data answers, if it is the
	 * account's and live; its bytes, or empty.
	 */
	Mono<byte[]> spendForSecondFactor(CollectedClientData clientData, UUID userId) {
		return spendForAccount(ChallengeRepository.SECOND_FACTOR, clientData, userId);
	}

	private Mono<byte[]> spendForAccount(String purpose, CollectedClientData clientData, UUID userId) {
		byte[] challenge = challengeOf(clientData);
		if (challenge == null) {
			return Mono.empty();
		}
		return this.repository.spendForAccount(purpose, sha256(challenge), userId)
			.flatMap((spent) -> spent ? Mono.just(challenge) : Mono.empty());
	}

	/**
	 * Spends the login challenge the client data answers, if it is live; its bytes, or
	 * empty.
	 */
	Mono<byte[]> spendForAuthentication(CollectedClientData clientData) {
		byte[] challenge = challengeOf(clientData);
		if (challenge == null) {
			return Mono.empty();
		}
		return this.repository.spendForAuthentication(sha256(challenge))
			.flatMap((spent) -> spent ? Mono.just(challenge) : Mono.empty());
	}

	private byte[] next() {
		byte[] challenge = new byte[BYTES];
		this.random.nextBytes(challenge);
		return challenge;
	}

	private static byte[] challengeOf(CollectedClientData clientData) {
		return (clientData != null && clientData.getChallenge() != null) ? clientData.getChallenge().getValue() : null;
	}

	private static byte[] sha256(byte[] value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
