package dev.authflux.oauth;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.authflux.client.Scopes;
import dev.authflux.token.IdTokens;
import dev.authflux.token.TokenProperties;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * ID tokens of the token endpoint (OpenID Connect Core 1.0 §2): those of a code exchange
 * and, with the same {@code sub}, {@code auth_time} and {@code sid} but no {@code nonce},
 * those of a refresh (§12.2).
 */
@Component
class ClientIdTokens {

	private final IdTokens idTokens;

	private final TokenProperties properties;

	private final Clock clock;

	ClientIdTokens(IdTokens idTokens, TokenProperties properties, Clock clock) {
		this.idTokens = idTokens;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * The signed ID token, or empty when {@code openid} is not in the scope.
	 * @param sid the browser session's id, or null if it is gone
	 * @param nonce the authorization request's nonce, or null
	 * @param amr the authentication methods of the sign-in (RFC 8176)
	 */
	Mono<String> issue(String clientId, String scope, UUID userId, Instant authTime, UUID sid, String nonce,
			List<String> amr) {
		if (!Scopes.parse(scope).contains("openid")) {
			return Mono.empty();
		}
		Date now = Date.from(this.clock.instant());
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(this.properties.issuer())
			.subject(userId.toString())
			.audience(clientId)
			.issueTime(now)
			.expirationTime(new Date(now.getTime() + this.properties.accessTokenTtl().toMillis()));
		if (authTime != null) {
			claims.claim("auth_time", authTime.getEpochSecond());
		}
		if (sid != null) {
			claims.claim("sid", sid.toString());
		}
		if (nonce != null) {
			claims.claim("nonce", nonce);
		}
		claims.claim("amr", amr);
		return this.idTokens.sign(claims.build());
	}

}
