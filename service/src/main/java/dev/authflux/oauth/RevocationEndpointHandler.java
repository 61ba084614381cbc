package dev.authflux.oauth;

import java.util.List;

import dev.authflux.audit.ClientAddresses;
import dev.authflux.audit.ClientInfo;
import dev.authflux.client.ClientAuthentication;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import static dev.authflux.oauth.FormRequests.nonEmpty;

/**
 * {@code POST /oauth2/revoke} (RFC 7009): a form with {@code token} and an optional
 * {@code token_type_hint}, the client authenticated as at the token endpoint. 200 with no
 * body whether or not there was anything to revoke (§2.2); errors are RFC 6749 §5.2's.
 */
@Component
class RevocationEndpointHandler {

	private static final List<String> SINGLE_PARAMETERS = List.of("token", "token_type_hint", "client_id",
			"client_secret");

	private final ClientAuthentication clientAuthentication;

	private final TokenRevocation revocation;

	private final ClientAddresses clients;

	RevocationEndpointHandler(ClientAuthentication clientAuthentication, TokenRevocation revocation,
			ClientAddresses clients) {
		this.clientAuthentication = clientAuthentication;
		this.revocation = revocation;
		this.clients = clients;
	}

	Mono<ServerResponse> revoke(ServerRequest request) {
		return FormRequests.read(request, SINGLE_PARAMETERS).flatMap((form) -> {
			ClientInfo caller = this.clients.of(request);
			return this.clientAuthentication.authenticate(request, form, caller).flatMap((client) -> {
				String token = nonEmpty(form.getFirst("token"));
				if (token == null) {
					return Mono.error(TokenRequestException.invalidRequest("token is required."));
				}
				return this.revocation.revoke(client, token, caller);
			});
		})
			.then(Mono.defer(() -> ServerResponse.ok()
				.cacheControl(CacheControl.noStore())
				.header("Pragma", "no-cache")
				.build()));
	}

}
