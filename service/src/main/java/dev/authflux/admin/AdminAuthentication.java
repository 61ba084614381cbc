package dev.authflux.admin;

import dev.authflux.token.ClientSecretBasic;
import dev.authflux.token.InvalidClientException;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Guards every operator endpoint: the request must carry the admin client's HTTP Basic
 * credentials ({@link AdminProperties}), or it is refused with 401 {@code invalid_client}
 * before anything is read or looked up.
 */
@Component
class AdminAuthentication implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	private final ClientSecretBasic admin;

	AdminAuthentication(AdminProperties admin) {
		this.admin = new ClientSecretBasic(admin.clientId(), admin.clientSecret());
	}

	@Override
	public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
		return this.admin.isAuthenticated(request) ? next.handle(request) : Mono.error(new InvalidClientException());
	}

}
