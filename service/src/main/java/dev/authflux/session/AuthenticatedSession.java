package dev.authflux.session;

import java.util.UUID;

import dev.authflux.user.UserProfile;

import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The caller of a protected endpoint: a live session and its user, as established by
 * {@link BearerAuthentication} for this request.
 *
 * @param sessionId the session the access token belongs to
 * @param user the session's account
 */
public record AuthenticatedSession(UUID sessionId, UserProfile user) {

	/** The request attribute that holds the caller. */
	public static final String ATTRIBUTE = AuthenticatedSession.class.getName();

	/** The caller of a request that passed {@link BearerAuthentication}. */
	public static AuthenticatedSession of(ServerRequest request) {
		return (AuthenticatedSession) request.attribute(ATTRIBUTE)
			.orElseThrow(() -> new IllegalStateException("Route is not behind BearerAuthentication"));
	}

}
