package dev.authflux.support;

import java.text.ParseException;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.test.web.reactive.server.WebTestClient;

/** Which keys an instance publishes, and which one signed a token. */
public final class Jwks {

	private Jwks() {
	}

	/** The key ids of {@code GET /.well-known/jwks.json}, public keys only. */
	public static List<String> kids(WebTestClient http) {
		String body = http.get()
			.uri("/.well-known/jwks.json")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		try {
			List<JWK> keys = JWKSet.parse(body).getKeys();
			if (keys.stream().anyMatch(JWK::isPrivate)) {
				throw new AssertionError("The JWKS holds a private key");
			}
			return keys.stream().map(JWK::getKeyID).toList();
		}
		catch (ParseException ex) {
			throw new AssertionError("The JWKS does not parse", ex);
		}
	}

	/** The {@code kid} in a token's header. */
	public static String kidOf(String token) {
		try {
			return SignedJWT.parse(token).getHeader().getKeyID();
		}
		catch (ParseException ex) {
			throw new AssertionError("Not a signed JWT", ex);
		}
	}

}
