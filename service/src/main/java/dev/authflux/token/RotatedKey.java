package dev.authflux.token;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The outcome of rotating one key family, public facts only.
 *
 * @param kid the key that signs from now on
 * @param algorithm its JWS algorithm
 * @param retiredKid the key it replaced, which still verifies for the retired-key grace
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RotatedKey(String kid, String algorithm, String retiredKid) {
}
