package dev.authflux.token;

import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
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
		return issue(userId, username, sessionId, List.of("pwd"));
	}

	/**
	 * A token of one of the service's own sessions.
	 * @param amr the authentication methods of the session's login (RFC 8176)
	 */
	public Mono<IssuedAccessToken> issue(UUID userId, String username, UUID sessionId, List<String> amr) {
		return this.keys.current()
			.map((keySet) -> sign(keySet,
					claims(userId.toString()).claim("sid", sessionId.toString())
						.claim("preferred_username", username)
						.claim("amr", amr)));
	}

	/**
	 * A token for an OAuth client acting for a user (authorization code grant): RFC 9068
	 * §2.2's claims with {@code sid} the client's own session, so it is checked against
	 * that session as every user's token is.
	 * @param scope the granted scope string
	 * @param amr the authentication methods of the user's sign-in (RFC 8176)
	 */
	public Mono<IssuedAccessToken> issueForClientSession(UUID userId, String username, UUID sessionId, String clientId,
			String scope, List<String> amr) {
		return this.keys.current()
			.map((keySet) -> sign(keySet,
					claims(userId.toString()).audience(this.properties.audience())
						.claim("sid", sessionId.toString())
						.claim("preferred_username", username)
						.claim("client_id", clientId)
						.claim("scope", scope)
						.claim("amr", amr)));
	}

	/**
	 * A token for a client itself (the client credentials grant): the claims of RFC 9068
	 * §2.2 with {@code sub} the client id, and no session.
	 * @param scope the granted scope string, or empty for none
	 */
	public Mono<IssuedAccessToken> issueForClient(String clientId, String scope) {
		return this.keys.current().map((keySet) -> {
			JWTClaimsSet.Builder claims = claims(clientId).audience(this.properties.audience())
				.claim("client_id", clientId);
			return sign(keySet, scope.isEmpty() ? claims : claims.claim("scope", scope));
		});
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
			claims = claimsOf(keySet.verify(jwt));
		}
		catch (Exception ex) {
			// Signature, claim and UUID failures alike: one answer for all of them.
			throw new InvalidTokenException();
		}
		this.verified.put(token, new VerifiedToken(claims, jwt.getHeader().getKeyID()));
		return claims;
	}

	/**
	 * A session's token has {@code sid} and a user id as {@code sub}; a client's has no
	 * {@code sid}, and its {@code sub} must be its {@code client_id}. Anything else is
	 * not a token this service issued.
	 */
	private static AccessTokenClaims claimsOf(JWTClaimsSet verified) throws ParseException {
		String sid = verified.getStringClaim("sid");
		String clientId = verified.getStringClaim("client_id");
		String scope = verified.getStringClaim("scope");
		Instant issuedAt = verified.getIssueTime().toInstant();
		Instant expiresAt = verified.getExpirationTime().toInstant();
		if (sid != null) {
			return new AccessTokenClaims(UUID.fromString(verified.getSubject()), UUID.fromString(sid),
					verified.getStringClaim("preferred_username"), issuedAt, expiresAt, clientId, scope);
		}
		if (clientId == null || !clientId.equals(verified.getSubject())) {
			throw new InvalidTokenException();
		}
		return new AccessTokenClaims(null, null, null, issuedAt, expiresAt, clientId, scope);
	}

	private JWTClaimsSet.Builder claims(String subject) {
		Instant now = this.clock.instant();
		return new JWTClaimsSet.Builder().issuer(this.properties.issuer())
			.subject(subject)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.properties.accessTokenTtl())))
			.jwtID(newTokenId());
	}

	private IssuedAccessToken sign(KeySet keySet, JWTClaimsSet.Builder claims) {
		SignedJWT jwt = new SignedJWT(keySet.header(), claims.build());
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
