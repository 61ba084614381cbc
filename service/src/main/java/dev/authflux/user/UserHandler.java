package dev.authflux.user;

import java.net.URI;

import dev.authflux.session.AuthenticatedSession;
import dev.authflux.web.JsonRequests;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/** HTTP side of accounts: parse, call one service method, map the result. */
@Component
class UserHandler {

	private final UserService users;

	private final JsonRequests json;

	UserHandler(UserService users, JsonRequests json) {
		this.users = users;
		this.json = json;
	}

	Mono<ServerResponse> register(ServerRequest request) {
		return this.json.read(request, RegistrationRequest.class)
			.flatMap((body) -> this.users.register(body.username(), body.password()))
			.flatMap((user) -> ServerResponse.created(URI.create(UserRoutes.ME))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(UserResponse.of(user)));
	}

	Mono<ServerResponse> me(ServerRequest request) {
		UserProfile user = AuthenticatedSession.of(request).user();
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(UserResponse.of(user));
	}

	Mono<ServerResponse> changePassword(ServerRequest request) {
		AuthenticatedSession caller = AuthenticatedSession.of(request);
		return this.json.read(request, PasswordChangeRequest.class)
			.flatMap((body) -> this.users.changePassword(caller.user(), caller.sessionId(), body.currentPassword(),
					body.newPassword()))
			.then(ServerResponse.noContent().build());
	}

	Mono<ServerResponse> delete(ServerRequest request) {
		AuthenticatedSession caller = AuthenticatedSession.of(request);
		return this.json.read(request, AccountDeletionRequest.class)
			.flatMap((body) -> this.users.delete(caller.user(), body.password()))
			.then(ServerResponse.noContent().build());
	}

}
