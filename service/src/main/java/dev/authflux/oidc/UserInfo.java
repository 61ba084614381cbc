package dev.authflux.oidc;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import dev.authflux.user.EmailStatus;
import dev.authflux.user.UserProfile;

/**
 * The UserInfo response (OpenID Connect Core 1.0 §5.3.2): the claims this provider has
 * about the account, {@code sub} being the same user id as in its tokens; {@code email}
 * and {@code email_verified} only when the scope grants them (§5.4) and the account has
 * an address.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record UserInfo(String sub, String preferredUsername, String email, Boolean emailVerified) {

	static UserInfo of(UserProfile user) {
		return new UserInfo(user.id().toString(), user.username(), null, null);
	}

	UserInfo withEmail(EmailStatus status) {
		if (status.email() == null) {
			return this;
		}
		return new UserInfo(this.sub, this.preferredUsername, status.email(), status.verified());
	}

}
