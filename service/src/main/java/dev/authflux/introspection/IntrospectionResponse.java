package dev.authflux.introspection;

import dev.authflux.token.AccessTokenClaims;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** RFC 7662 §2.2: {@code {"active": false}} alone, or the active token's facts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record IntrospectionResponse(boolean active, String sub, String sid, String username, String clientId, String scope,
		Long exp, Long iat, String iss, String tokenType) {

	static final IntrospectionResponse INACTIVE = new IntrospectionResponse(false, null, null, null, null, null, null,
			null, null, null);

	static IntrospectionResponse active(AccessTokenClaims claims, String username, String issuer) {
		return new IntrospectionResponse(true, claims.userId().toString(), claims.sessionId().toString(), username,
				claims.clientId(), claims.scope(), claims.expiresAt().getEpochSecond(),
				claims.issuedAt().getEpochSecond(), issuer, "access_token");
	}

	/** A client's own token: the client is its subject. */
	static IntrospectionResponse activeClient(AccessTokenClaims claims, String issuer) {
		return new IntrospectionResponse(true, claims.clientId(), null, null, claims.clientId(), claims.scope(),
				claims.expiresAt().getEpochSecond(), claims.issuedAt().getEpochSecond(), issuer, "access_token");
	}

}
