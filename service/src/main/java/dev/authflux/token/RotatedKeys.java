package dev.authflux.token;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The outcome of rotating both key families, public facts only. The access-token key's
 * members are at the top level, where they were before ID tokens had a key of their own.
 *
 * @param kid the key that signs access tokens from now on
 * @param algorithm its JWS algorithm
 * @param retiredKid the access-token key it replaced
 * @param idToken the same for the ID-token key (equal to the access-token key's when both
 * use one algorithm)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RotatedKeys(String kid, String algorithm, String retiredKid, RotatedKey idToken) {

	RotatedKeys(RotatedKey accessToken, RotatedKey idToken) {
		this(accessToken.kid(), accessToken.algorithm(), accessToken.retiredKid(), idToken);
	}

}
