package dev.authflux.token;

import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.authflux.token.VerifiedTokenCache.VerifiedToken;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Issues and verifies access tokens: JWTs (RFC 7519) of the configured
 * {@link AccessTokenType}, signed with the active key of {@link SigningKeys}.
 * Verification checks the algorithm against the key's, the {@code kid}, the signature,
 * {@code iss} and {@code exp}; whether the session behind a token is still live is the
 * session service's question, not this one's.
 */
@Component
public class AccessTokens {

	private final SigningKeys keys;

	private final TokenProperties properties;

	private final SecureRandom random;

	private final Clock clock;

	private final VerifiedTokenCache verified;

	AccessTokens(SigningKeys keys, TokenProperties properties, SecureRandom random, Clock clock) {
		this.keys = keys;
		this.properties = properties;
		this.random = random;
		this.clock = clock;
		this.verified = new VerifiedTokenCache(properties.verifiedCacheSize(), properties.clockSkew(), clock);
	}

	public Mono<IssuedAccessToken> issue(UUID userId, String username, UUID sessionId) {
		return this.keys.current().map((keySet) -> sign(keySet, userId, username, sessionId));
	}

	/**
	 * The token's claims, or {@link InvalidTokenException} for any failed check.
	 */
	public Mono<AccessTokenClaims> verify(String token) {
		return this.keys.current().flatMap((keySet) -> {
			VerifiedToken remembered = this.verified.get(token);
			if (remembered != null && keySet.knows(remembered.kid())) {
				return Mono.just(remembered.claims());
			}
			SignedJWT jwt = parse(token);
			String kid = jwt.getHeader().getKeyID();
			if (keySet.knows(kid)) {
				return Mono.just(verify(keySet, token, jwt));
			}
			// Perhaps a key another instance just created: read the keys once
			// (rate-limited).
			return this.keys.reloadForUnknownKey().map((reloaded) -> verify(reloaded, token, jwt));
		});
	}

	private static SignedJWT parse(String token) {
		try {
			return SignedJWT.parse(token);
		}
		catch (ParseException ex) {
			throw new InvalidTokenException();
		}
	}

	private AccessTokenClaims verify(KeySet keySet, String token, SignedJWT jwt) {
		AccessTokenClaims claims;
		try {
			JWTClaimsSet verified = keySet.verify(jwt);
			claims = new AccessTokenClaims(UUID.fromString(verified.getSubject()),
					UUID.fromString(verified.getStringClaim("sid")), verified.getStringClaim("preferred_username"),
					verified.getIssueTime().toInstant(), verified.getExpirationTime().toInstant());
		}
		catch (Exception ex) {
			// Signature, claim and UUID failures alike: one answer for all of them.
			throw new InvalidTokenException();
		}
		this.verified.put(token, new VerifiedToken(claims, jwt.getHeader().getKeyID()));
		return claims;
	}

	private IssuedAccessToken sign(KeySet keySet, UUID userId, String username, UUID sessionId) {
		Instant now = this.clock.instant();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.properties.issuer())
			.subject(userId.toString())
			.claim("sid", sessionId.toString())
			.claim("preferred_username", username)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.properties.accessTokenTtl())))
			.jwtID(newTokenId())
			.build();
		SignedJWT jwt = new SignedJWT(keySet.header(), claims);
		try {
			jwt.sign(keySet.signer());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Signing an access token failed", ex);
		}
		return new IssuedAccessToken(jwt.serialize(), this.properties.accessTokenTtl().toSeconds());
	}

	private String newTokenId() {
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
