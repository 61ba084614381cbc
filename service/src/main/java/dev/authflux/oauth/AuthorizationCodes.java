package dev.authflux.oauth;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.authflux.system.OpaqueValues;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Authorization codes (RFC 6749 §4.1.2): 256 random bits, base64url, stored only as
 * SHA-256, valid {@value #LIFETIME_SECONDS} seconds and spent by their first exchange;
 * and the markers of pending sign-ins that {@code prompt=login} and {@code max_age} need.
 */
@Service
class AuthorizationCodes {

	static final long LIFETIME_SECONDS = 60;

	/** A sign-in that takes longer is started again. */
	private static final Duration MARKER_LIFETIME = Duration.ofMinutes(10);

	private final AuthorizationCodeRepository repository;

	private final SecureRandom random;

	AuthorizationCodes(AuthorizationCodeRepository repository, SecureRandom random) {
		this.repository = repository;
		this.random = random;
	}

	/** A new code for the grant. */
	Mono<String> issue(AuthorizationGrant grant) {
		String code = newValue();
		return this.repository.insert(hash(code), grant, Duration.ofSeconds(LIFETIME_SECONDS)).thenReturn(code);
	}

	/**
	 * Spends the client's code.
	 * @return the grant with the id of the session to start (revoked if the code is
	 * presented again), or empty if the code is unknown, expired, spent or another
	 * client's
	 */
	Mono<AuthorizationCodeRepository.SpentCode> spend(String code, String clientId) {
		return this.repository.spend(hash(code), clientId);
	}

	/** The session a code of this client issued if the code was already spent. */
	Mono<UUID> issuedSessionOfSpent(String code, String clientId) {
		return this.repository.issuedSessionOfSpent(hash(code), clientId);
	}

	/** A marker for a sign-in that starts now. */
	Mono<String> newLoginMarker() {
		String marker = newValue();
		return this.repository.insertLoginMarker(hash(marker), MARKER_LIFETIME).thenReturn(marker);
	}

	/** When the marker's sign-in began, or empty if it is unknown or expired. */
	Mono<Instant> loginStartedAt(String marker) {
		return this.repository.loginMarkerCreatedAt(hash(marker));
	}

	private String newValue() {
		return OpaqueValues.random(this.random, 32);
	}

	static byte[] hash(String value) {
		return OpaqueValues.sha256(value);
	}

}
