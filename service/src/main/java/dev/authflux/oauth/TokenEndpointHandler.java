package dev.authflux.oauth;

import java.util.List;

import dev.authflux.audit.ClientAddresses;
import dev.authflux.audit.ClientInfo;
import dev.authflux.client.ClientAuthentication;
import dev.authflux.client.ClientMetadata;
import dev.authflux.client.RegisteredClient;

import static dev.authflux.oauth.FormRequests.nonEmpty;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code POST /oauth2/token} (RFC 6749 §3.2): reads the form, refuses repeated
 * parameters, authenticates the client ({@link ClientAuthentication}) and hands the
 * request to its grant. Answers carry {@code Cache-Control: no-store} and
 * {@code Pragma: no-cache} (§5.1); errors are RFC 6749 §5.2's ({@link OAuthErrorFormat}).
 */
@Component
class TokenEndpointHandler {

	/** Parameters that must not appear more than once (RFC 6749 §3.2). */
	private static final List<String> SINGLE_PARAMETERS = List.of("grant_type", "scope", "client_id", "client_secret",
			"code", "redirect_uri", "code_verifier", "refresh_token");

	private final ClientAuthentication clientAuthentication;

	private final ClientCredentialsGrant clientCredentials;

	private final AuthorizationCodeGrant authorizationCode;

	private final RefreshTokenGrant refreshToken;

	private final ClientAddresses clients;

	TokenEndpointHandler(ClientAuthentication clientAuthentication, ClientCredentialsGrant clientCredentials,
			AuthorizationCodeGrant authorizationCode, RefreshTokenGrant refreshToken, ClientAddresses clients) {
		this.clientAuthentication = clientAuthentication;
		this.clientCredentials = clientCredentials;
		this.authorizationCode = authorizationCode;
		this.refreshToken = refreshToken;
		this.clients = clients;
	}

	Mono<ServerResponse> token(ServerRequest request) {
		return FormRequests.read(request, SINGLE_PARAMETERS)
			.flatMap((form) -> grant(request, form))
			.flatMap((response) -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.cacheControl(CacheControl.noStore())
				.header("Pragma", "no-cache")
				.bodyValue(response));
	}

	private Mono<TokenEndpointResponse> grant(ServerRequest request, MultiValueMap<String, String> form) {
		String grantType = nonEmpty(form.getFirst("grant_type"));
		if (grantType == null) {
			return Mono.error(TokenRequestException.invalidRequest("grant_type is required."));
		}
		ClientInfo caller = this.clients.of(request);
		return this.clientAuthentication.authenticate(request, form, caller)
			.flatMap((client) -> grant(client, grantType, form, caller));
	}

	private Mono<TokenEndpointResponse> grant(RegisteredClient client, String grantType,
			MultiValueMap<String, String> form, ClientInfo caller) {
		if (ClientMetadata.CLIENT_CREDENTIALS.equals(grantType)) {
			return this.clientCredentials.issue(client, nonEmpty(form.getFirst("scope")));
		}
		if (ClientMetadata.AUTHORIZATION_CODE.equals(grantType)) {
			return this.authorizationCode.issue(client, nonEmpty(form.getFirst("code")),
					nonEmpty(form.getFirst("redirect_uri")), nonEmpty(form.getFirst("code_verifier")), caller);
		}
		if (ClientMetadata.REFRESH_TOKEN.equals(grantType)) {
			return this.refreshToken.issue(client, nonEmpty(form.getFirst("refresh_token")),
					nonEmpty(form.getFirst("scope")), caller);
		}
		return Mono.error(TokenRequestException.unsupportedGrantType());
	}

}
