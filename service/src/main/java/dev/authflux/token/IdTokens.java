package dev.authflux.token;

import java.text.ParseException;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.authflux.token.KeySet.ActiveKey;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Signs ID tokens (OpenID Connect Core 1.0 §2) with the active ID-token key of
 * {@link SigningKeys}, and checks the ones clients send back as {@code id_token_hint}
 * (§3.1.2.1; RP-Initiated Logout 1.0 §2).
 *
 * <p>
 * The caller assembles the claims. An ID token never carries {@code jti}, which every
 * access token has and {@link AccessTokens} requires: that keeps an ID token from being
 * accepted as an access token even when both are signed by the same key, and an access
 * token from passing as a hint.
 */
@Component
public class IdTokens {

	private final SigningKeys keys;

	private final TokenProperties properties;

	IdTokens(SigningKeys keys, TokenProperties properties) {
		this.keys = keys;
		this.properties = properties;
	}

	/**
	 * The claims as a compact JWT signed with the active ID-token key, header {@code kid}
	 * and {@code typ: JWT}.
	 * @throws IllegalArgumentException (as the error) if the claims carry {@code jti}
	 */
	public Mono<String> sign(JWTClaimsSet claims) {
		if (claims.getJWTID() != null) {
			return Mono.error(new IllegalArgumentException("An ID token carries no jti: it marks access tokens"));
		}
		return this.keys.current().map((keySet) -> sign(keySet.idTokenKey(), claims));
	}

	private static String sign(ActiveKey key, JWTClaimsSet claims) {
		SignedJWT jwt = new SignedJWT(key.header(), claims);
		try {
			jwt.sign(key.signer());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Signing an ID token failed", ex);
		}
		return jwt.serialize();
	}

	/**
	 * The claims of an ID token this provider signed with a key it still publishes and
	 * our {@code iss}. An expired one is accepted, as OpenID Connect allows for a hint;
	 * it says who the client believes is logged in, nothing more. Anything else is
	 * {@link InvalidIdTokenHintException}.
	 */
	public Mono<JWTClaimsSet> verifyHint(String idToken) {
		return Mono.fromCallable(() -> parse(idToken))
			.flatMap((jwt) -> this.keys.current()
				.flatMap((keySet) -> keySet.knows(jwt.getHeader().getKeyID()) ? Mono.just(keySet)
						// Perhaps a key another instance just created (rate-limited).
						: this.keys.reloadForUnknownKey())
				.map((keySet) -> verify(keySet, jwt)));
	}

	private static SignedJWT parse(String idToken) {
		try {
			return SignedJWT.parse(idToken);
		}
		catch (ParseException | RuntimeException ex) {
			// alg none, a JWE, or not a JWT at all.
			throw new InvalidIdTokenHintException();
		}
	}

	private JWTClaimsSet verify(KeySet keySet, SignedJWT jwt) {
		if (!JOSEObjectType.JWT.equals(jwt.getHeader().getType())) {
			throw new InvalidIdTokenHintException();
		}
		JWTClaimsSet claims;
		try {
			claims = keySet.verifySignature(jwt);
		}
		catch (Exception ex) {
			throw new InvalidIdTokenHintException();
		}
		if (!this.properties.issuer().equals(claims.getIssuer()) || claims.getJWTID() != null
				|| claims.getSubject() == null || isEmpty(claims.getAudience()) || claims.getIssueTime() == null
				|| claims.getExpirationTime() == null) {
			throw new InvalidIdTokenHintException();
		}
		return claims;
	}

	private static boolean isEmpty(List<String> audience) {
		return audience == null || audience.isEmpty();
	}

}
