package dev.authflux.token;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Access tokens whose signature and claims were verified, by the whole token, so that a
 * client presenting the same token again costs a map lookup instead of a signature check
 * (an ES256 verification is hundreds of microseconds). Each entry expires when its token
 * does; what is remembered is a fact about the exact bytes of the token, which cannot
 * change. Whether the token's session is still live is checked separately, on every use.
 */
final class VerifiedTokenCache {

	private final Cache<String, VerifiedToken> cache;

	VerifiedTokenCache(long maximumSize, Duration clockSkew, Clock clock) {
		this.cache = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.expireAfter(Expiry.<String, VerifiedToken>creating((token, verified) -> Duration.between(clock.instant(),
					verified.claims().expiresAt().plus(clockSkew))))
			.build();
	}

	VerifiedToken get(String token) {
		return this.cache.getIfPresent(token);
	}

	void put(String token, VerifiedToken verified) {
		this.cache.put(token, verified);
	}

	/**
	 * A token that passed every check.
	 *
	 * @param claims what it says
	 * @param kid the key that signed it: the entry is only used while that key is still
	 * trusted
	 */
	record VerifiedToken(AccessTokenClaims claims, String kid) {
	}

}
