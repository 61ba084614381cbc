package dev.authflux.token;

/**
 * A signing key as stored.
 *
 * @param algorithm the JWS algorithm name
 * @param active whether it signs new tokens (otherwise it only verifies)
 * @param privateJwk the key pair as a JWK; never logged, never sent
 */
record StoredKey(String algorithm, boolean active, String privateJwk) {

	@Override
	public String toString() {
		return "StoredKey[algorithm=" + this.algorithm + ", active=" + this.active + "]";
	}

}
