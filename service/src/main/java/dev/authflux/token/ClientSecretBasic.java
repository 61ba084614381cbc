package dev.authflux.token;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import dev.authflux.system.OpaqueValues;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * One client that authenticates with HTTP Basic, OAuth's {@code client_secret_basic} (RFC
 * 6749 §2.3.1: both parts form-urlencoded before Base64): the resource servers calling
 * introspection, or the operator calling the admin endpoints. Compared as SHA-256 digests
 * in constant time, so neither the content nor the length of the secret leaks through
 * timing. With no secret configured, every caller is refused.
 */
public final class ClientSecretBasic {

	private static final String BASIC = "Basic ";

	private final String clientId;

	private final String clientSecret;

	/**
	 * @param clientId the HTTP Basic user name
	 * @param clientSecret the HTTP Basic password, or null or empty to refuse everyone;
	 * never logged
	 */
	public ClientSecretBasic(String clientId, String clientSecret) {
		this.clientId = clientId;
		this.clientSecret = clientSecret;
	}

	public boolean isAuthenticated(ServerRequest request) {
		if (this.clientSecret == null || this.clientSecret.isEmpty()) {
			return false;
		}
		String header = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
			return false;
		}
		try {
			String decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()),
					StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			if (colon < 0) {
				return false;
			}
			String id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
			String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
			return sameSecret(id, this.clientId) & sameSecret(secret, this.clientSecret);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static boolean sameSecret(String presented, String expected) {
		return MessageDigest.isEqual(OpaqueValues.sha256(presented), OpaqueValues.sha256(expected));
	}

	@Override
	public String toString() {
		return "ClientSecretBasic[clientId=" + this.clientId + "]";
	}

}
