package dev.authflux.token;

import java.time.Instant;

/**
 * A signing key as stored.
 *
 * @param algorithm the JWS algorithm name
 * @param active whether it signs new tokens (otherwise it only verifies)
 * @param privateJwk the key pair as a JWK; never logged, never sent
 * @param createdAt when it was stored, by the database's clock
 */
record StoredKey(String algorithm, boolean active, String privateJwk, Instant createdAt) {

	@Override
	public String toString() {
		return "StoredKey[algorithm=" + this.algorithm + ", active=" + this.active + ", createdAt=" + this.createdAt
				+ "]";
	}

}
