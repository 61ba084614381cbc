package dev.authflux.session;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

import dev.authflux.audit.ClientAddresses;
import dev.authflux.audit.ClientInfo;
import dev.authflux.web.JsonRequests;
import dev.authflux.web.ValidationFailedException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * HTTP side of sessions. Responses that carry tokens are never cached (RFC 6749 §5.1).
 */
@Component
class SessionHandler {

	private final SessionService sessions;

	private final JsonRequests json;

	private final ClientAddresses clients;

	private final JsonMapper mapper = JsonMapper.builder().build();

	SessionHandler(SessionService sessions, JsonRequests json, ClientAddresses clients) {
		this.sessions = sessions;
		this.json = json;
		this.clients = clients;
	}

	Mono<ServerResponse> login(ServerRequest request) {
		ClientInfo client = this.clients.of(request);
		return this.json.read(request, LoginRequest.class)
			.flatMap((body) -> this.sessions.login(body.username(), body.password(), body.deviceToken(), client))
			.flatMap((outcome) -> (outcome instanceof TokenResponse tokens) ? created(tokens)
					: tokenResponse(HttpStatus.OK).bodyValue(outcome));
	}

	/**
	 * {@code POST /api/v1/sessions/mfa}: the second step of a login, with exactly one of
	 * a TOTP code, a recovery code and a passkey's assertion.
	 */
	Mono<ServerResponse> loginWithSecondFactor(ServerRequest request) {
		ClientInfo client = this.clients.of(request);
		return this.json.read(request, SecondFactorLoginRequest.class).flatMap((body) -> {
			long answers = Stream.of(body.totpCode(), body.recoveryCode(), body.credential())
				.filter(Objects::nonNull)
				.count();
			if (answers != 1) {
				return Mono.error(ValidationFailedException.of("totp_code",
						"exactly one of totp_code, recovery_code and credential is required"));
			}
			if (body.credential() != null) {
				if (!body.credential().isObject()) {
					return Mono.error(ValidationFailedException.of("credential", "must be an object"));
				}
				return this.sessions.loginWithPasskeyAsSecondFactor(body.mfaToken(),
						this.mapper.writeValueAsString(body.credential()), body.deviceToken(), client);
			}
			boolean recovery = body.recoveryCode() != null;
			return this.sessions.loginWithSecondFactor(body.mfaToken(),
					recovery ? body.recoveryCode() : body.totpCode(), recovery, body.deviceToken(), client);
		}).flatMap(this::created);
	}

	private Mono<ServerResponse> created(TokenResponse tokens) {
		return tokenResponse(HttpStatus.CREATED).location(URI.create(SessionRoutes.SESSIONS + "/" + tokens.sessionId()))
			.bodyValue(tokens);
	}

	Mono<ServerResponse> refresh(ServerRequest request) {
		return this.json.read(request, RefreshRequest.class)
			.flatMap((body) -> this.sessions.refresh(body.refreshToken(), this.clients.of(request)))
			.flatMap((tokens) -> tokenResponse(HttpStatus.OK).bodyValue(tokens));
	}

	Mono<ServerResponse> list(ServerRequest request) {
		return this.sessions.list(AuthenticatedSession.of(request))
			.collectList()
			.flatMap((sessions) -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("sessions", sessions)));
	}

	Mono<ServerResponse> logout(ServerRequest request) {
		return this.sessions.logout(AuthenticatedSession.of(request), this.clients.of(request))
			.then(ServerResponse.noContent().build());
	}

	Mono<ServerResponse> revoke(ServerRequest request) {
		UUID sessionId;
		try {
			sessionId = UUID.fromString(request.pathVariable("id"));
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(new SessionNotFoundException());
		}
		return this.sessions.revoke(AuthenticatedSession.of(request), sessionId, this.clients.of(request))
			.then(ServerResponse.noContent().build());
	}

	Mono<ServerResponse> revokeAll(ServerRequest request) {
		return this.sessions.revokeAll(AuthenticatedSession.of(request), this.clients.of(request))
			.then(ServerResponse.noContent().build());
	}

	private static ServerResponse.BodyBuilder tokenResponse(HttpStatus status) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore())
			.header("Pragma", "no-cache");
	}

}
