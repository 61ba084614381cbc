package dev.authflux.oidc;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import dev.authflux.user.UserProfile;

/**
 * The UserInfo response (OpenID Connect Core 1.0 §5.3.2): the claims this provider has
 * about the account, {@code sub} being the same user id as in its tokens.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record UserInfo(String sub, String preferredUsername) {

	static UserInfo of(UserProfile user) {
		return new UserInfo(user.id().toString(), user.username());
	}

}
