package dev.authflux.account;

import dev.authflux.user.EmailService;
import dev.authflux.user.EmailStatus;
import dev.authflux.user.RegistrationRequest;
import dev.authflux.user.UserProfile;
import dev.authflux.user.UserService;
import java.net.URI;

import dev.authflux.session.AuthenticatedSession;
import dev.authflux.audit.ClientAddresses;
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

	private final EmailService emails;

	private final JsonRequests json;

	private final ClientAddresses clients;

	UserHandler(UserService users, EmailService emails, JsonRequests json, ClientAddresses clients) {
		this.users = users;
		this.emails = emails;
		this.json = json;
		this.clients = clients;
	}

	Mono<ServerResponse> register(ServerRequest request) {
		return this.json.read(request, RegistrationRequest.class)
			.flatMap((body) -> this.users
				.register(body.username(), body.password(), body.email(), this.clients.of(request))
				.flatMap((user) -> ServerResponse.created(URI.create(UserRoutes.ME))
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(UserResponse.of(user.profile(),
							(body.email() != null) ? new EmailStatus(body.email(), false) : EmailStatus.NONE))));
	}

	Mono<ServerResponse> me(ServerRequest request) {
		UserProfile user = AuthenticatedSession.of(request).user();
		return this.emails.of(user.id())
			.flatMap((email) -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(UserResponse.of(user, email)));
	}

	Mono<ServerResponse> changeEmail(ServerRequest request) {
		UserProfile user = AuthenticatedSession.of(request).user();
		return this.json.read(request, EmailChangeRequest.class)
			.flatMap((body) -> this.emails.change(user, body.email(), this.clients.of(request)))
			.then(ServerResponse.accepted().build());
	}

	Mono<ServerResponse> verifyEmail(ServerRequest request) {
		return this.json.read(request, EmailVerificationRequest.class)
			.flatMap((body) -> this.emails.verify(body.token(), this.clients.of(request)))
			.then(ServerResponse.noContent().build());
	}

	Mono<ServerResponse> changePassword(ServerRequest request) {
		AuthenticatedSession caller = AuthenticatedSession.of(request);
		return this.json.read(request, PasswordChangeRequest.class)
			.flatMap((body) -> this.users.changePassword(caller.user(), caller.sessionId(), body.currentPassword(),
					body.newPassword(), this.clients.of(request)))
			.then(ServerResponse.noContent().build());
	}

	Mono<ServerResponse> delete(ServerRequest request) {
		AuthenticatedSession caller = AuthenticatedSession.of(request);
		return this.json.read(request, AccountDeletionRequest.class)
			.flatMap((body) -> this.users.delete(caller.user(), body.password(), this.clients.of(request)))
			.then(ServerResponse.noContent().build());
	}

}
