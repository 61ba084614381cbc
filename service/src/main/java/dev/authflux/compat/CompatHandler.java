package dev.authflux.compat;

import java.util.Map;

import dev.authflux.session.SessionService;
import dev.authflux.user.RegistrationRequest;
import dev.authflux.user.User;
import dev.authflux.user.UserService;
import dev.authflux.user.UsernameTakenException;
import dev.authflux.web.ClientInfo;
import dev.authflux.web.JsonRequests;
import dev.authflux.web.MalformedRequestException;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code POST /api/auth} as the original service answered it: log in, or on first use of
 * a name register it, and return {@code {"token": "<access JWT>"}}. The body is read as
 * JSON whatever its declared content type, as the original did, so existing clients work
 * unchanged.
 */
class CompatHandler {

	private final UserService users;

	private final SessionService sessions;

	private final JsonRequests json;

	CompatHandler(UserService users, SessionService sessions, JsonRequests json) {
		this.users = users;
		this.sessions = sessions;
		this.json = json;
	}

	Mono<ServerResponse> auth(ServerRequest request) {
		ClientInfo client = ClientInfo.of(request);
		return request.bodyToMono(byte[].class)
			.switchIfEmpty(Mono.error(() -> new MalformedRequestException("A JSON request body is required.")))
			.map((body) -> this.json.parse(body, RegistrationRequest.class))
			.flatMap((credentials) -> logInOrRegister(credentials.username(), credentials.password()))
			.flatMap((user) -> this.sessions.startWithoutRefresh(user, client))
			.flatMap((token) -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.cacheControl(CacheControl.noStore())
				.bodyValue(Map.of("token", token.value())));
	}

	/**
	 * A concurrent first use of the same name registers once; the loser logs in instead.
	 */
	private Mono<User> logInOrRegister(String username, String password) {
		return this.users.findByUsername(username)
			.flatMap((user) -> this.users.checkPassword(user, password))
			.switchIfEmpty(Mono.defer(() -> this.users.register(username, password)
				.onErrorResume(UsernameTakenException.class, (ex) -> this.users.authenticate(username, password))));
	}

}
