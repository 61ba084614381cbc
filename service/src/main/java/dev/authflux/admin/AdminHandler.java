package dev.authflux.admin;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.authflux.session.SessionService;
import dev.authflux.user.AccountAdministration;
import dev.authflux.user.CredentialRules;
import dev.authflux.audit.ClientAddresses;
import dev.authflux.web.MalformedRequestException;
import dev.authflux.web.ValidationFailedException;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * HTTP side of the operator's account endpoints. The caller is already authenticated by
 * {@link AdminAuthentication}; every change is audited with the operator's address.
 */
@Component
class AdminHandler {

	private static final Pattern UUID_TEXT = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern USERNAME = Pattern.compile(CredentialRules.USERNAME_PATTERN);

	private final AccountAdministration accounts;

	private final SessionService sessions;

	private final ClientAddresses clients;

	AdminHandler(AccountAdministration accounts, SessionService sessions, ClientAddresses clients) {
		this.accounts = accounts;
		this.sessions = sessions;
		this.clients = clients;
	}

	/** Exact, case-insensitive: at most one account, since names are unique that way. */
	Mono<ServerResponse> findUsers(ServerRequest request) {
		String username = request.queryParam("username").orElse("");
		if (username.isEmpty()) {
			return Mono.error(ValidationFailedException.of("username", CredentialRules.REQUIRED));
		}
		if (!USERNAME.matcher(username).matches()) {
			return Mono.error(ValidationFailedException.of("username", CredentialRules.USERNAME_MESSAGE));
		}
		return this.accounts.findByUsername(username)
			.map(AdminUserView::of)
			.flux()
			.collectList()
			.flatMap((users) -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("users", users)));
	}

	Mono<ServerResponse> disable(ServerRequest request) {
		return userId(request).flatMap((id) -> this.accounts.disable(id, this.clients.of(request)))
			.then(ServerResponse.noContent().build());
	}

	Mono<ServerResponse> enable(ServerRequest request) {
		return userId(request).flatMap((id) -> this.accounts.enable(id, this.clients.of(request)))
			.then(ServerResponse.noContent().build());
	}

	Mono<ServerResponse> endSessions(ServerRequest request) {
		return userId(request).flatMap(this.accounts::findById)
			.flatMap((user) -> this.sessions.revokeAllOf(user.id(), this.clients.of(request)))
			.then(ServerResponse.noContent().build());
	}

	Mono<ServerResponse> clearLoginFailures(ServerRequest request) {
		return userId(request).flatMap((id) -> this.accounts.clearLoginFailures(id, this.clients.of(request)))
			.then(ServerResponse.noContent().build());
	}

	/** The {@code {id}} of the path, in the canonical form only. */
	private static Mono<UUID> userId(ServerRequest request) {
		String id = request.pathVariable("id");
		if (!UUID_TEXT.matcher(id).matches()) {
			return Mono.error(new MalformedRequestException("The user id must be a UUID."));
		}
		return Mono.just(UUID.fromString(id));
	}

}
