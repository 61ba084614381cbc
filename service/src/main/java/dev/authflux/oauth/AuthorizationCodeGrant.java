package dev.authflux.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.authflux.system.OpaqueValues;
import dev.authflux.audit.ClientInfo;
import dev.authflux.client.ClientMetadata;
import dev.authflux.client.RegisteredClient;
import dev.authflux.client.Scopes;
import dev.authflux.session.AuthenticatedSession;
import dev.authflux.session.ClientSession;
import dev.authflux.session.SessionService;
import dev.authflux.token.AccessTokens;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The authorization code grant (RFC 6749 §4.1.3, OpenID Connect Core 1.0 §3.1.3): the
 * authenticated client's code is spent in one statement, then its {@code redirect_uri}
 * and PKCE verifier (RFC 7636 §4.6) are checked — a failed check has spent it too. A code
 * presented again is {@code invalid_grant} and ends the session its first exchange
 * started. Each exchange starts a session of the client's own, a child of the browser
 * session, and answers its access token, an ID token when {@code openid} was granted, and
 * a refresh token when offline access was.
 */
@Component
class AuthorizationCodeGrant {

	/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
	private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

	private final AuthorizationCodes codes;

	private final SessionService sessions;

	private final AccessTokens accessTokens;

	private final ClientIdTokens idTokens;

	AuthorizationCodeGrant(AuthorizationCodes codes, SessionService sessions, AccessTokens accessTokens,
			ClientIdTokens idTokens) {
		this.codes = codes;
		this.sessions = sessions;
		this.accessTokens = accessTokens;
		this.idTokens = idTokens;
	}

	Mono<TokenEndpointResponse> issue(RegisteredClient client, String code, String redirectUri, String verifier,
			ClientInfo caller) {
		return Mono.defer(() -> {
			if (!client.metadata().hasGrant(ClientMetadata.AUTHORIZATION_CODE)) {
				return Mono.error(TokenRequestException.unauthorizedClient());
			}
			if (code == null) {
				return Mono.error(TokenRequestException.invalidRequest("code is required."));
			}
			return this.codes.spend(code, client.clientId())
				.switchIfEmpty(Mono.defer(() -> replayed(code, client, caller)))
				.flatMap((spent) -> {
					AuthorizationGrant grant = spent.grant();
					check(grant, redirectUri, verifier);
					return this.sessions
						.startForClient(spent.sessionId(), grant.browserSessionId(), client.clientId(), grant.scope(),
								offline(client, grant), caller)
						.switchIfEmpty(Mono
							.error(() -> TokenRequestException.invalidGrant("The sign-in behind this code has ended.")))
						.flatMap((session) -> respond(client, grant, session));
				});
		});
	}

	/**
	 * Unusable: if it was spent, the session it started ends. Either way invalid_grant.
	 */
	private Mono<AuthorizationCodeRepository.SpentCode> replayed(String code, RegisteredClient client,
			ClientInfo caller) {
		return this.codes.issuedSessionOfSpent(code, client.clientId())
			.flatMap((issued) -> this.sessions.revokeOnCodeReuse(issued, caller))
			.then(Mono.error(() -> TokenRequestException
				.invalidGrant("The code is unknown, expired, already used or another client's.")));
	}

	private static void check(AuthorizationGrant grant, String redirectUri, String verifier) {
		if (!Objects.equals(grant.redirectUri(), redirectUri)) {
			throw TokenRequestException.invalidGrant("redirect_uri is not the one of the authorization request.");
		}
		if (grant.codeChallenge() == null) {
			if (verifier != null) {
				throw TokenRequestException.invalidGrant("The authorization request sent no code_challenge.");
			}
			return;
		}
		if (verifier == null || !VERIFIER.matcher(verifier).matches()
				|| !MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII),
						grant.codeChallenge().getBytes(StandardCharsets.US_ASCII))) {
			throw TokenRequestException.invalidGrant("The code_verifier does not match the code_challenge.");
		}
	}

	private Mono<TokenEndpointResponse> respond(RegisteredClient client, AuthorizationGrant grant,
			ClientSession started) {
		AuthenticatedSession session = started.session();
		return this.accessTokens
			.issueForClientSession(session.user().id(), session.user().username(), session.sessionId(),
					client.clientId(), grant.scope(), started.amr())
			.flatMap((access) -> this.idTokens
				.issue(client.clientId(), grant.scope(), grant.userId(), grant.authTime(), grant.browserSessionId(),
						grant.nonce(), started.amr())
				.map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.map((idToken) -> new TokenEndpointResponse(access.value(), "Bearer", access.expiresInSeconds(),
						started.refreshToken(), grant.scope(), idToken.orElse(null))));
	}

	/**
	 * A refresh token goes with the code only to a client registered for the refresh
	 * token grant that was granted offline_access.
	 */
	private static boolean offline(RegisteredClient client, AuthorizationGrant grant) {
		return client.metadata().hasGrant(ClientMetadata.REFRESH_TOKEN)
				&& Scopes.parse(grant.scope()).contains(Scopes.OFFLINE_ACCESS);
	}

	private static String s256(String verifier) {
		// The verifier was checked to be ASCII, whose UTF-8 bytes are its ASCII bytes.
		return OpaqueValues.base64url(OpaqueValues.sha256(verifier));
	}

}
