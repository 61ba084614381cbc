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
 * @param scope the access token's {@code scope}: null for the tokens of
 * {@code POST /api/v1/sessions}, which are the account's own and carry none
 */
public record AuthenticatedSession(UUID sessionId, UserProfile user, String scope) {

	public AuthenticatedSession(UUID sessionId, UserProfile user) {
		this(sessionId, user, null);
	}

	/** The request attribute that holds the caller. */
	public static final String ATTRIBUTE = AuthenticatedSession.class.getName();

	/** The caller of a request that passed {@link BearerAuthentication}. */
	public static AuthenticatedSession of(ServerRequest request) {
		return (AuthenticatedSession) request.attribute(ATTRIBUTE)
			.orElseThrow(() -> new IllegalStateException("Route is not behind BearerAuthentication"));
	}

}
