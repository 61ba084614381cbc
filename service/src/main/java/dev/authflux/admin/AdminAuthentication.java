package dev.authflux.admin;

import dev.authflux.throttle.ClientAuthenticationThrottle;
import dev.authflux.token.ClientSecretBasic;
import dev.authflux.token.InvalidClientException;
import dev.authflux.audit.ClientAddresses;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Guards every operator endpoint: the request must carry the admin client's HTTP Basic
 * credentials ({@link AdminProperties}), or it is refused with 401 {@code invalid_client}
 * before anything is read or looked up. Failures are counted, audited and throttled per
 * client network ({@link ClientAuthenticationThrottle}).
 */
@Component
public class AdminAuthentication implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	private final ClientSecretBasic admin;

	private final ClientAuthenticationThrottle throttle;

	private final ClientAddresses clients;

	AdminAuthentication(AdminProperties admin, ClientAuthenticationThrottle throttle, ClientAddresses clients) {
		this.admin = new ClientSecretBasic(admin.clientId(), admin.clientSecret());
		this.throttle = throttle;
		this.clients = clients;
	}

	@Override
	public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
		return this.throttle
			.authenticate(this.clients.of(request), "admin", () -> this.admin.isAuthenticated(request),
					InvalidClientException::new)
			.then(Mono.defer(() -> next.handle(request)));
	}

}
