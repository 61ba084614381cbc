package dev.authflux.account;

import java.util.Map;

import dev.authflux.audit.ClientAddresses;
import dev.authflux.mfa.MfaService;
import dev.authflux.session.AuthenticatedSession;
import dev.authflux.web.JsonRequests;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * HTTP side of the account's TOTP: enrollment, its confirmation, and turning it off.
 * Secrets and recovery codes are shown once and never cached.
 */
@Component
class SecondFactorHandler {

	private final MfaService mfa;

	private final JsonRequests json;

	private final ClientAddresses clients;

	SecondFactorHandler(MfaService mfa, JsonRequests json, ClientAddresses clients) {
		this.mfa = mfa;
		this.json = json;
		this.clients = clients;
	}

	Mono<ServerResponse> enroll(ServerRequest request) {
		AuthenticatedSession caller = AuthenticatedSession.of(request);
		return this.json.read(request, TotpEnrollmentRequest.class)
			.flatMap((body) -> this.mfa.enroll(caller.user(), body.password(), this.clients.of(request)))
			.flatMap((enrollment) -> secret(
					Map.of("secret", enrollment.secret(), "otpauth_uri", enrollment.otpauthUri())));
	}

	Mono<ServerResponse> confirm(ServerRequest request) {
		AuthenticatedSession caller = AuthenticatedSession.of(request);
		return this.json.read(request, TotpCodeRequest.class)
			.flatMap((body) -> this.mfa.confirm(caller.user(), body.code(), this.clients.of(request)))
			.flatMap((codes) -> secret(Map.of("recovery_codes", codes)));
	}

	Mono<ServerResponse> disable(ServerRequest request) {
		AuthenticatedSession caller = AuthenticatedSession.of(request);
		return this.json.read(request, TotpCodeRequest.class)
			.flatMap((body) -> this.mfa.disable(caller.user(), body.code(), this.clients.of(request)))
			.then(ServerResponse.noContent().build());
	}

	private static Mono<ServerResponse> secret(Map<String, Object> body) {
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore())
			.header("Pragma", "no-cache")
			.bodyValue(body);
	}

}
