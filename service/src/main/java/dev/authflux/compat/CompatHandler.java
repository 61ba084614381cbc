package dev.authflux.compat;

import java.util.Map;

import dev.authflux.session.SessionService;
import dev.authflux.user.RegistrationRequest;
import dev.authflux.user.UserService;
import dev.authflux.audit.ClientAddresses;
import dev.authflux.audit.ClientInfo;
import dev.authflux.web.JsonRequests;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code POST /api/auth} as the original service answered it: log in, or on first use of
 * a name register it, and return {@code {"token": "<access JWT>"}}. Unlike the original,
 * the body must be declared {@code application/json}: a {@code text/plain} or form body
 * is one a web page can make its visitors' browsers send cross-site without a CORS
 * preflight, and would register accounts in their name; such requests get 415.
 */
class CompatHandler {

	private final UserService users;

	private final SessionService sessions;

	private final JsonRequests json;

	private final ClientAddresses clients;

	CompatHandler(UserService users, SessionService sessions, JsonRequests json, ClientAddresses clients) {
		this.users = users;
		this.sessions = sessions;
		this.json = json;
		this.clients = clients;
	}

	Mono<ServerResponse> auth(ServerRequest request) {
		ClientInfo client = this.clients.of(request);
		return this.json.read(request, RegistrationRequest.class)
			.flatMap(
					(credentials) -> this.users.logInOrRegister(credentials.username(), credentials.password(), client))
			.flatMap((user) -> this.sessions.startWithoutRefresh(user, client))
			.flatMap((token) -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.cacheControl(CacheControl.noStore())
				.bodyValue(Map.of("token", token.value())));
	}

}
