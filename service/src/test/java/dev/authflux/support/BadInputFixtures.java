package dev.authflux.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.authflux.support.AuthClient.Tokens;
import dev.authflux.support.BadBodies.Field;
import dev.authflux.support.BadRequests.Endpoint;
import dev.authflux.support.TestUsers.Credentials;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import static dev.authflux.support.ApplicationTest.ADMIN_CLIENT;
import static dev.authflux.support.ApplicationTest.ADMIN_SECRET;
import static dev.authflux.support.ApplicationTest.INTROSPECTION_CLIENT;
import static dev.authflux.support.ApplicationTest.INTROSPECTION_SECRET;
import static dev.authflux.support.BadInputCheck.BODY_LIMIT;
import static dev.authflux.support.BadInputCheck.SEED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users, sessions and tokens the bad requests need, made over HTTP before any case
 * runs: a victim with live sessions, and tokens that must no longer work.
 */
public final class BadInputFixtures {

	private static final Refusal WRONG_CREDENTIALS = Refusal.problem(401, "invalid_credentials")
		.or(429, "too_many_attempts");

	private final AuthClient client;

	private final Credentials victim = TestUsers.unique("victim");

	private final Tokens session;

	private final Tokens spareSession;

	private final String otherUserId;

	private final String otherSessionId;

	/** Access tokens of sessions that ended, and forged ones. */
	private final Map<String, String> deadAccessTokens = new LinkedHashMap<>();

	/** Refresh tokens that must not work (none of a live session). */
	private final Map<String, String> deadRefreshTokens = new LinkedHashMap<>();

	private final List<String> secrets = new ArrayList<>();

	public BadInputFixtures(AuthClient client) {
		this.client = client;
		Map<String, Object> registered = client.register(this.victim);
		this.session = client.login(this.victim);
		this.spareSession = client.login(this.victim);
		this.secrets.addAll(List.of(this.victim.password(), this.session.accessToken(), this.session.refreshToken(),
				this.spareSession.accessToken(), this.spareSession.refreshToken()));

		Credentials other = TestUsers.unique("other");
		this.otherUserId = (String) client.register(other).get("id");
		this.otherSessionId = client.login(other).sessionId();
		assertThat(registered.get("id")).isNotEqualTo(this.otherUserId);

		Tokens loggedOut = client.login(this.victim);
		client.withToken("DELETE", "/api/v1/sessions/current", loggedOut.accessToken(), null)
			.expectStatus()
			.isNoContent();
		dead("a logged-out session", loggedOut);

		Tokens reused = client.login(this.victim);
		Tokens rotated = client.refreshed(reused.refreshToken());
		client.refresh(reused.refreshToken()).expectStatus().isUnauthorized();
		dead("a session revoked for refresh-token reuse", rotated);
		this.deadRefreshTokens.put("the rotated refresh token of a session revoked for reuse", reused.refreshToken());

		Credentials deleted = TestUsers.unique("deleted");
		Tokens ofDeleted = client.registerAndLogin(deleted);
		client
			.withToken("DELETE", "/api/v1/users/me", ofDeleted.accessToken(),
					"{\"password\":\"" + deleted.password() + "\"}")
			.expectStatus()
			.isNoContent();
		dead("a deleted user", ofDeleted);

		Credentials changed = TestUsers.unique("changed");
		Tokens keeps = client.registerAndLogin(changed);
		Tokens loses = client.login(changed);
		client
			.withToken("PUT", "/api/v1/users/me/password", keeps.accessToken(),
					"{\"current_password\":\"" + changed.password() + "\",\"new_password\":\"" + changed.password()
							+ " changed\"}")
			.expectStatus()
			.isNoContent();
		dead("a session ended by a password change", loses);

		this.deadAccessTokens.put("a refresh token", this.session.refreshToken());
		this.deadRefreshTokens.put("an access token", this.session.accessToken());
		this.deadRefreshTokens.put("a live refresh token with a character changed",
				this.session.refreshToken().substring(1) + "A");
		this.deadRefreshTokens.put("a live refresh token with a space appended", this.session.refreshToken() + " ");
		ForgedTokens.from(this.session.accessToken(), UUID.fromString(this.otherUserId))
			.forEach(this.deadAccessTokens::put);
		this.secrets.addAll(this.deadAccessTokens.values());
		this.secrets.addAll(this.deadRefreshTokens.values());
	}

	private void dead(String description, Tokens tokens) {
		this.deadAccessTokens.put("access token of " + description, tokens.accessToken());
		this.deadRefreshTokens.put("refresh token of " + description, tokens.refreshToken());
	}

	/** Registration, login, and the signed-in user's own account. */
	public List<BadRequest> accountRequests() {
		List<BadRequest> requests = new ArrayList<>();
		requests.addAll(registration());
		requests.addAll(login());
		requests.addAll(protectedWithoutBody(HttpMethod.GET, "/api/v1/users/me", HttpMethod.GET, HttpMethod.DELETE));
		requests.addAll(passwordChange());
		requests.addAll(
				passwordConfirmed(HttpMethod.DELETE, "/api/v1/users/me", Set.of(HttpMethod.GET, HttpMethod.DELETE)));
		requests.addAll(emailChange());
		requests.addAll(emailVerification());
		requests.addAll(passwordResetRequest());
		requests.addAll(passwordResetConfirmation());
		requests.addAll(passwordConfirmed(HttpMethod.POST, "/api/v1/users/me/mfa/totp",
				Set.of(HttpMethod.POST, HttpMethod.DELETE)));
		requests.addAll(totpCode(HttpMethod.POST, "/api/v1/users/me/mfa/totp/confirm", Set.of(HttpMethod.POST),
				Refusal.problem(409, "totp_not_pending")));
		requests.addAll(totpCode(HttpMethod.DELETE, "/api/v1/users/me/mfa/totp",
				Set.of(HttpMethod.POST, HttpMethod.DELETE), Refusal.problem(409, "totp_not_enabled")));
		return requests;
	}

	/** Refresh, and listing and ending sessions. */
	public List<BadRequest> sessionRequests() {
		List<BadRequest> requests = new ArrayList<>();
		requests.addAll(refresh());
		requests.addAll(secondFactorLogin());
		requests.addAll(protectedWithoutBody(HttpMethod.GET, "/api/v1/sessions", HttpMethod.GET, HttpMethod.POST,
				HttpMethod.DELETE));
		requests.addAll(protectedWithoutBody(HttpMethod.DELETE, "/api/v1/sessions", HttpMethod.GET, HttpMethod.POST,
				HttpMethod.DELETE));
		requests.addAll(protectedWithoutBody(HttpMethod.DELETE, "/api/v1/sessions/current", HttpMethod.DELETE));
		requests.addAll(revokeOne());
		return requests;
	}

	/**
	 * Passkeys: registration options, registration, the list, deletion, the login without
	 * a password with its options, and the options of a login's second step.
	 */
	public List<BadRequest> passkeyRequests() {
		List<BadRequest> requests = new ArrayList<>();
		requests.addAll(protectedWithoutBody(HttpMethod.POST, "/api/v1/users/me/passkeys/registration-options",
				HttpMethod.POST));
		requests
			.addAll(protectedWithoutBody(HttpMethod.GET, "/api/v1/users/me/passkeys", HttpMethod.GET, HttpMethod.POST));
		requests.addAll(passkeyRegistration());
		requests.addAll(passkeyDeletion());
		requests.addAll(BadRequests.forEndpoint(new Endpoint(HttpMethod.POST, "/api/v1/sessions/passkey-options",
				Set.of(HttpMethod.POST), null, List.of(), null, null, false, this.secrets), SEED, BODY_LIMIT));
		requests.addAll(passkeyLogin());
		requests.addAll(secondFactorPasskeyOptions());
		return requests;
	}

	/** Introspection, and the public keys. */
	public List<BadRequest> tokenRequests() {
		List<BadRequest> requests = new ArrayList<>(introspection());
		requests.addAll(BadRequests.forEndpoint(new Endpoint(HttpMethod.GET, "/.well-known/jwks.json",
				Set.of(HttpMethod.GET), null, List.of(), null, null, false, this.secrets), SEED, BODY_LIMIT));
		return requests;
	}

	/** The discovery documents of the OpenID Provider. */
	public List<BadRequest> discoveryRequests() {
		List<BadRequest> requests = new ArrayList<>();
		for (String path : List.of("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server")) {
			requests.addAll(BadRequests.forEndpoint(new Endpoint(HttpMethod.GET, path, Set.of(HttpMethod.GET), null,
					List.of(), null, null, false, this.secrets), SEED, BODY_LIMIT));
		}
		return requests;
	}

	/** The operator's endpoints. */
	public List<BadRequest> operatorRequests() {
		List<BadRequest> requests = new ArrayList<>();
		requests.addAll(operator(HttpMethod.POST, "/api/v1/admin/signing-keys/rotate"));
		requests.addAll(operator(HttpMethod.GET, "/api/v1/admin/users?username=" + this.victim.username()));
		for (String action : List.of("disable", "enable")) {
			requests.addAll(operator(HttpMethod.POST, "/api/v1/admin/users/" + this.otherUserId + "/" + action));
		}
		for (String owned : List.of("sessions", "login-failures")) {
			requests.addAll(operator(HttpMethod.DELETE, "/api/v1/admin/users/" + this.otherUserId + "/" + owned));
		}
		requests.addAll(operatorIds());
		return requests;
	}

	/** The original service's {@code POST /api/auth}. */
	public List<BadRequest> compatRequests() {
		return compat();
	}

	private List<BadRequest> registration() {
		Credentials plausible = TestUsers.unique("bad-input");
		Endpoint endpoint = new Endpoint(HttpMethod.POST, "/api/v1/users", Set.of(HttpMethod.POST), null,
				List.of(new Field("username", plausible.username(), 64, true),
						new Field("password", plausible.password(), 256, false)),
				plausible.json(), Refusal.problem(400, "validation_failed"), false, secretsAnd(plausible));
		List<BadRequest> requests = new ArrayList<>(BadRequests.forEndpoint(endpoint, SEED, BODY_LIMIT));
		requests.add(json(endpoint, "username taken, in other letter case",
				new Credentials(this.victim.username().toUpperCase(java.util.Locale.ROOT), "another password 1").json(),
				Refusal.problem(409, "username_taken")));
		requests.add(json(endpoint, "password equal to the username",
				"{\"username\":\"same-as-pw\",\"password\":\"SAME-AS-PW\"}",
				Refusal.problem(400, "validation_failed")));
		requests.add(json(endpoint, "password containing the username",
				new Credentials(plausible.username(), "I am " + plausible.username()).json(),
				Refusal.problem(400, "validation_failed")));
		requests.add(json(endpoint, "password on the breached-password list",
				new Credentials(plausible.username(), "password").json(), Refusal.problem(400, "validation_failed")));
		requests
			.add(json(endpoint, "password on the list in full-width letters",
					new Credentials(plausible.username(),
							"\uff51\uff57\uff45\uff52\uff54\uff59\uff55\uff49\uff4f\uff50")
						.json(),
					Refusal.problem(400, "validation_failed")));
		requests.add(json(endpoint, "seven characters typed as fourteen code points (NFD)",
				new Credentials(plausible.username(), "e\u0301".repeat(7)).json(),
				Refusal.problem(400, "validation_failed")));
		return requests;
	}

	private List<BadRequest> login() {
		Credentials nobody = TestUsers.unique("nobody");
		Endpoint endpoint = new Endpoint(HttpMethod.POST, "/api/v1/sessions",
				Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE), null,
				List.of(new Field("username", nobody.username(), 64, true),
						new Field("password", nobody.password(), 1024, true)),
				nobody.json(), WRONG_CREDENTIALS, false, secretsAnd(nobody));
		List<BadRequest> requests = new ArrayList<>(BadRequests.forEndpoint(endpoint, SEED, BODY_LIMIT));
		requests.add(json(endpoint, "the victim with a wrong password",
				new Credentials(this.victim.username(), "not the password").json(), WRONG_CREDENTIALS));
		requests.add(json(endpoint, "the victim with the password in other letter case",
				new Credentials(this.victim.username(), this.victim.password().toUpperCase(java.util.Locale.ROOT))
					.json(),
				WRONG_CREDENTIALS));
		return requests;
	}

	private List<BadRequest> refresh() {
		Endpoint endpoint = new Endpoint(HttpMethod.POST, "/api/v1/sessions/refresh", Set.of(HttpMethod.POST), null,
				List.of(new Field("refresh_token", "never-issued-" + UUID.randomUUID(), 1024, true)),
				"{\"refresh_token\":\"never-issued-" + UUID.randomUUID() + "\"}",
				Refusal.problem(401, "invalid_refresh_token"), false, this.secrets);
		List<BadRequest> requests = new ArrayList<>(BadRequests.forEndpoint(endpoint, SEED, BODY_LIMIT));
		this.deadRefreshTokens.forEach((description, token) -> requests.add(json(endpoint, description,
				"{\"refresh_token\":\"" + token.replace("\"", "\\\"") + "\"}", endpoint.refused())));
		return requests;
	}

	private List<BadRequest> protectedWithoutBody(HttpMethod method, String path, HttpMethod... allowed) {
		Endpoint endpoint = new Endpoint(method, path, Set.of(allowed), bearer(), List.of(), null, null, false,
				this.secrets);
		List<BadRequest> requests = new ArrayList<>(BadRequests.forEndpoint(endpoint, SEED, BODY_LIMIT));
		requests.addAll(BadRequests.withTokens(endpoint, this.deadAccessTokens, null));
		return requests;
	}

	/**
	 * {@code DELETE /api/v1/sessions/{id}} aimed at the victim's spare session, which a
	 * forged token must not end; and with the victim's own token, at ids that are not the
	 * victim's.
	 */
	private List<BadRequest> revokeOne() {
		Endpoint endpoint = new Endpoint(HttpMethod.DELETE, "/api/v1/sessions/" + this.spareSession.sessionId(),
				Set.of(HttpMethod.DELETE), bearer(), List.of(), null, null, false, this.secrets);
		List<BadRequest> requests = new ArrayList<>(BadRequests.forEndpoint(endpoint, SEED, BODY_LIMIT));
		requests.addAll(BadRequests.withTokens(endpoint, this.deadAccessTokens, null));
		Map<String, String> ids = new LinkedHashMap<>();
		ids.put("another user's session", this.otherSessionId);
		ids.put("another user's session, upper case", this.otherSessionId.toUpperCase(java.util.Locale.ROOT));
		ids.put("another user's id", this.otherUserId);
		ids.put("a session of the victim that ended",
				sessionIdOf(this.deadAccessTokens.get("access token of a logged-out session")));
		ids.put("not a UUID", "not-a-uuid");
		ids.put("a number", "1");
		ids.put("SQL", "'%20OR%201=1%20--");
		ids.put("NUL", "%00");
		ids.put("percent-encoded slash", "..%2F..%2Fusers%2Fme");
		ids.put("UUID in braces", "%7B" + this.otherSessionId + "%7D");
		ids.put("UUID without dashes", this.otherSessionId.replace("-", ""));
		ids.put("2000 characters", "a".repeat(2000));
		ids.put("nil UUID", "00000000-0000-0000-0000-000000000000");
		java.util.Random random = new java.util.Random(SEED);
		for (int i = 0; i < 10; i++) {
			ids.put("random UUID #" + i, new UUID(random.nextLong(), random.nextLong()).toString());
		}
		Refusal notFound = Refusal.problem(404, "not_found");
		ids.forEach((description,
				id) -> requests.add(BadRequest
					.to(endpoint.name(), "id: " + description, HttpMethod.DELETE, "/api/v1/sessions/" + id, notFound)
					.header(HttpHeaders.AUTHORIZATION, bearer())
					.secrets(this.secrets.toArray(String[]::new))));
		requests.add(BadRequest
			.to(endpoint.name(), "a path below a session", HttpMethod.DELETE,
					"/api/v1/sessions/" + this.spareSession.sessionId() + "/x", notFound)
			.header(HttpHeaders.AUTHORIZATION, bearer()));
		requests.replaceAll((request) -> request.forEndpoint("DELETE /api/v1/sessions/{id}"));
		return requests;
	}

	private List<BadRequest> passwordChange() {
		Endpoint endpoint = new Endpoint(HttpMethod.PUT, "/api/v1/users/me/password", Set.of(HttpMethod.PUT), bearer(),
				List.of(new Field("current_password", "not the current password", 1024, true),
						new Field("new_password", "a new password 123", 256, true)),
				"{\"current_password\":\"not the current password\",\"new_password\":\"a new password 123\"}",
				WRONG_CREDENTIALS, false, this.secrets);
		List<BadRequest> requests = new ArrayList<>(BadRequests.forEndpoint(endpoint, SEED, BODY_LIMIT));
		requests.addAll(BadRequests.withTokens(endpoint, this.deadAccessTokens, "{\"current_password\":\""
				+ this.victim.password() + "\",\"new_password\":\"" + this.victim.password() + " new\"}"));
		requests.add(json(endpoint, "new password too short, right current password",
				"{\"current_password\":\"" + this.victim.password() + "\",\"new_password\":\"short\"}",
				Refusal.problem(400, "validation_failed")));
		requests.add(json(endpoint, "new password on the breached-password list, right current password",
				"{\"current_password\":\"" + this.victim.password() + "\",\"new_password\":\"12345678\"}",
				Refusal.problem(400, "validation_failed")));
		requests.add(json(endpoint, "new password equal to the username",
				"{\"current_password\":\"" + this.victim.password() + "\",\"new_password\":\""
						+ this.victim.username().toUpperCase(java.util.Locale.ROOT) + "\"}",
				Refusal.problem(400, "validation_failed")));
		return requests;
	}

	private List<BadRequest> emailChange() {
		Endpoint endpoint = new Endpoint(HttpMethod.PUT, "/api/v1/users/me/email", Set.of(HttpMethod.PUT), bearer(),
				List.of(new Field("email", "bad-input@example.test", 254, true)),
				"{\"email\":\"bad-input@example.test\"}", Refusal.problem(400, "validation_failed"), false,
				this.secrets);
		List<BadRequest> requests = new ArrayList<>(BadRequests.forEndpoint(endpoint, SEED, BODY_LIMIT));
		requests.addAll(BadRequests.withTokens(endpoint, this.deadAccessTokens, "{\"email\":\"dead@example.test\"}"));
		for (String address : List.of("no-at-sign.example.test", "two@at@example.test", "@example.test", "name@",
				"name@-example.test", "name..dots@example.test", "name@example..test", "\\u00e9@example.test",
				"name@example.test\\r\\nBcc: x@example.test", "<name@example.test>", "Name <name@example.test>")) {
			requests.add(json(endpoint, "not an address: " + address, "{\"email\":\"" + address + "\"}",
					Refusal.problem(400, "validation_failed")));
		}
		return requests;
	}

	private List<BadRequest> emailVerification() {
		Endpoint endpoint = new Endpoint(HttpMethod.POST, "/api/v1/email-verifications", Set.of(HttpMethod.POST), null,
				List.of(new Field("token", "a-token-that-was-never-mailed", 512, false)),
				"{\"token\":\"a-token-that-was-never-mailed\"}", Refusal.problem(400, "invalid_token"), false,
				this.secrets);
		List<BadRequest> requests = new ArrayList<>(BadRequests.forEndpoint(endpoint, SEED, BODY_LIMIT));
		requests.add(json(endpoint, "a refresh token", "{\"token\":\"" + this.session.refreshToken() + "\"}",
				Refusal.problem(400, "invalid_token")));
		return requests;
	}

	/**
	 * Only addresses that are not addresses are refused: a good one gets 202 whether or
	 * not it is known, and is left to the password reset tests.
	 */
	private List<BadRequest> passwordResetRequest() {
		Endpoint endpoint = new Endpoint(HttpMethod.POST, "/api/v1/password-resets", Set.of(HttpMethod.POST), null,
				List.of(new Field("email", "bad-input@example.test", 254, true)),
				"{\"email\":\"bad-input@example.test\"}", Refusal.problem(400, "validation_failed"), false,
				this.secrets);
		List<BadRequest> requests = new ArrayList<>(BadRequests.forEndpoint(endpoint, SEED, BODY_LIMIT));
		for (String address : List.of("no-at-sign.example.test", "two@at@example.test", "@example.test",
				"name@example.test\\r\\nBcc: x@example.test", "Name <name@example.test>")) {
			requests.add(json(endpoint, "not an address: " + address, "{\"email\":\"" + address + "\"}",
					Refusal.problem(400, "validation_failed")));
		}
		return requests;
	}

	private List<BadRequest> passwordResetConfirmation() {
		Endpoint endpoint = new Endpoint(HttpMethod.POST, "/api/v1/password-resets/confirm", Set.of(HttpMethod.POST),
				null,
				List.of(new Field("token", "a-token-that-was-never-mailed", 512, false),
						new Field("new_password", "a new password 123", 256, false)),
				"{\"token\":\"a-token-that-was-never-mailed\",\"new_password\":\"a new password 123\"}",
				Refusal.problem(400, "invalid_token"), false, this.secrets);
		List<BadRequest> requests = new ArrayList<>(BadRequests.forEndpoint(endpoint, SEED, BODY_LIMIT));
		requests.add(json(endpoint, "a refresh token",
				"{\"token\":\"" + this.session.refreshToken() + "\",\"new_password\":\"a new password 123\"}",
				Refusal.problem(400, "invalid_token")));
		requests.add(json(endpoint, "new password too short",
				"{\"token\":\"a-token-that-was-never-mailed\",\"new_password\":\"short\"}",
				Refusal.problem(400, "validation_failed")));
		return requests;
	}

	/**
	 * Confirmation and disabling for the victim, who has no TOTP: any well-formed code is
	 * refused with 409 before it is checked.
	 */
	private List<BadRequest> totpCode(HttpMethod method, String path, Set<HttpMethod> allowed, Refusal refused) {
		Endpoint endpoint = new Endpoint(method, path, allowed, bearer(),
				List.of(new Field("code", "123456", 64, true)), "{\"code\":\"123456\"}", refused, false, this.secrets);
		List<BadRequest> requests = new ArrayList<>(BadRequests.forEndpoint(endpoint, SEED, BODY_LIMIT));
		requests.addAll(BadRequests.withTokens(endpoint, this.deadAccessTokens, "{\"code\":\"123456\"}"));
		return requests;
	}

	/**
	 * The second step of a login with an mfa_token that was never issued: 401
	 * {@code invalid_token} for every well-formed body.
	 */
	private List<BadRequest> secondFactorLogin() {
		String never = "never-issued-" + UUID.randomUUID();
		Endpoint endpoint = new Endpoint(HttpMethod.POST, "/api/v1/sessions/mfa", Set.of(HttpMethod.POST), null,
				List.of(new Field("mfa_token", never, 256, true), new Field("totp_code", "123456", 6, false)),
				"{\"mfa_token\":\"" + never + "\",\"totp_code\":\"123456\"}", Refusal.problem(401, "invalid_token"),
				false, this.secrets);
		List<BadRequest> requests = new ArrayList<>(BadRequests.forEndpoint(endpoint, SEED, BODY_LIMIT));
		for (String code : List.of("12345", "1234567", "12345a", "١٢٣٤٥٦", " 123456")) {
			requests.add(json(endpoint, "totp_code " + code,
					"{\"mfa_token\":\"" + never + "\",\"totp_code\":\"" + code + "\"}",
					Refusal.problem(400, "validation_failed")));
		}
		requests.add(json(endpoint, "both codes",
				"{\"mfa_token\":\"" + never + "\",\"totp_code\":\"123456\",\"recovery_code\":\"abcd-efgh-2345\"}",
				Refusal.problem(400, "validation_failed")));
		requests.add(json(endpoint, "a refresh token as mfa_token",
				"{\"mfa_token\":\"" + this.session.refreshToken() + "\",\"recovery_code\":\"abcd-efgh-2345\"}",
				Refusal.problem(401, "invalid_token")));
		requests.addAll(secondFactorCredentials(endpoint, never));
		return requests;
	}

	/**
	 * The second step answered with a passkey's assertion: a credential with a code, or
	 * one that is not an object, is 400; any object under a never-issued mfa_token 401.
	 */
	private List<BadRequest> secondFactorCredentials(Endpoint endpoint, String never) {
		String prefix = "{\"mfa_token\":\"" + never + "\",";
		Refusal invalid = Refusal.problem(400, "validation_failed");
		Refusal unknownToken = Refusal.problem(401, "invalid_token");
		List<BadRequest> requests = new ArrayList<>();
		requests.add(json(endpoint, "credential and totp_code", prefix + "\"totp_code\":\"123456\",\"credential\":{}}",
				invalid));
		requests.add(json(endpoint, "credential and recovery_code",
				prefix + "\"recovery_code\":\"abcd-efgh-2345\",\"credential\":{}}", invalid));
		for (String value : List.of("\"text\"", "7", "true", "[]", "[{}]")) {
			requests.add(json(endpoint, "credential is " + value, prefix + "\"credential\":" + value + "}", invalid));
		}
		requests.add(json(endpoint, "credential and no mfa_token", "{\"credential\":{}}", invalid));
		requests.add(json(endpoint, "a credential 7000 arrays deep, past the parser's nesting limit",
				prefix + "\"credential\":{\"id\":" + "[".repeat(7000) + "]".repeat(7000) + "}}",
				Refusal.problem(400, "malformed_request")));
		requests.add(json(endpoint, "credential: an empty object", prefix + "\"credential\":{}}", unknownToken));
		SoftwareAuthenticator authenticator = SoftwareAuthenticator.forDefaultIssuer();
		requests
			.add(json(
					endpoint, "an assertion under a never-issued mfa_token", prefix + "\"credential\":" + authenticator
						.assertion("bm90LWEtY2hhbGxlbmdlLW9mLW91cnM", "http://localhost:8080", 1, null) + "}",
					unknownToken));
		return requests;
	}

	/**
	 * {@code POST /api/v1/sessions/mfa/passkey-options} with an mfa_token that was never
	 * issued, or is another kind of token: 401 {@code invalid_token}.
	 */
	private List<BadRequest> secondFactorPasskeyOptions() {
		String never = "never-issued-" + UUID.randomUUID();
		Endpoint endpoint = new Endpoint(HttpMethod.POST, "/api/v1/sessions/mfa/passkey-options",
				Set.of(HttpMethod.POST), null, List.of(new Field("mfa_token", never, 256, true)),
				"{\"mfa_token\":\"" + never + "\"}", Refusal.problem(401, "invalid_token"), false, this.secrets);
		List<BadRequest> requests = new ArrayList<>(BadRequests.forEndpoint(endpoint, SEED, BODY_LIMIT));
		requests.add(json(endpoint, "a refresh token as mfa_token",
				"{\"mfa_token\":\"" + this.session.refreshToken() + "\"}", Refusal.problem(401, "invalid_token")));
		return requests;
	}

	/**
	 * An endpoint the victim's password confirms (account deletion, TOTP enrollment). The
	 * password is not sent: a wrong one is refused before anything.
	 */
	private List<BadRequest> passwordConfirmed(HttpMethod method, String path, Set<HttpMethod> allowed) {
		Endpoint endpoint = new Endpoint(method, path, allowed, bearer(),
				List.of(new Field("password", "not the password", 1024, true)), "{\"password\":\"not the password\"}",
				WRONG_CREDENTIALS, false, this.secrets);
		List<BadRequest> requests = new ArrayList<>(BadRequests.forEndpoint(endpoint, SEED, BODY_LIMIT));
		requests.addAll(BadRequests.withTokens(endpoint, this.deadAccessTokens,
				"{\"password\":\"" + this.victim.password() + "\"}"));
		return requests;
	}

	private List<BadRequest> passkeyRegistration() {
		SoftwareAuthenticator authenticator = SoftwareAuthenticator.forDefaultIssuer();
		String unanswerable = "{\"credential\":"
				+ authenticator.registration("bm90LWEtY2hhbGxlbmdlLW9mLW91cnM", "http://localhost:8080") + "}";
		Endpoint endpoint = new Endpoint(HttpMethod.POST, "/api/v1/users/me/passkeys",
				Set.of(HttpMethod.GET, HttpMethod.POST), bearer(), List.of(), unanswerable, null, false, this.secrets);
		List<BadRequest> requests = new ArrayList<>(BadRequests.forEndpoint(endpoint, SEED, BODY_LIMIT));
		requests.addAll(BadRequests.withTokens(endpoint, this.deadAccessTokens, unanswerable));
		requests.addAll(credentialBodies(endpoint, Refusal.problem(400, "invalid_credential")));
		requests.add(json(endpoint, "name of 65 characters",
				"{\"credential\":{\"id\":\"AAAA\"},\"name\":\"" + "n".repeat(65) + "\"}",
				Refusal.problem(400, "validation_failed")));
		requests.add(json(endpoint, "name with a control character",
				"{\"credential\":{\"id\":\"AAAA\"},\"name\":\"a\\u0007b\"}",
				Refusal.problem(400, "validation_failed")));
		requests.add(json(endpoint, "name is a number", "{\"credential\":{\"id\":\"AAAA\"},\"name\":7}",
				Refusal.problem(400, "validation_failed")));
		return requests;
	}

	private List<BadRequest> passkeyLogin() {
		SoftwareAuthenticator authenticator = SoftwareAuthenticator.forDefaultIssuer();
		String unanswerable = "{\"credential\":"
				+ authenticator.assertion("bm90LWEtY2hhbGxlbmdlLW9mLW91cnM", "http://localhost:8080", 1, new byte[16])
				+ "}";
		Endpoint endpoint = new Endpoint(HttpMethod.POST, "/api/v1/sessions/passkey", Set.of(HttpMethod.POST), null,
				List.of(), unanswerable, null, false, this.secrets);
		List<BadRequest> requests = new ArrayList<>(BadRequests.forEndpoint(endpoint, SEED, BODY_LIMIT));
		requests.addAll(credentialBodies(endpoint, Refusal.problem(400, "invalid_credential")));
		requests.add(json(endpoint, "an assertion answering no challenge of ours", unanswerable,
				Refusal.problem(401, "invalid_passkey")));
		return requests;
	}

	/**
	 * Bodies of an endpoint that takes a browser's credential: not JSON, not an object, a
	 * credential that is not an object, one that is no WebAuthn response, another content
	 * type.
	 */
	private List<BadRequest> credentialBodies(Endpoint endpoint, Refusal noCredential) {
		List<BadRequest> requests = new ArrayList<>();
		Refusal malformed = Refusal.problem(400, "malformed_request");
		Refusal invalid = Refusal.problem(400, "validation_failed");
		for (String body : List.of("", "not json", "{\"credential\":", "[]", "\"credential\"", "null",
				"{\"credential\":{}}}")) {
			requests.add(json(endpoint, "not a JSON object: " + BadInputCheck.abbreviated(body), body, malformed));
		}
		requests.add(json(endpoint, "a credential 7000 arrays deep, past the parser's nesting limit",
				"{\"credential\":{\"id\":" + "[".repeat(7000) + "]".repeat(7000) + "}}", malformed));
		for (String value : List.of("null", "\"text\"", "7", "true", "[]", "[{}]")) {
			requests.add(json(endpoint, "credential is " + value, "{\"credential\":" + value + "}", invalid));
		}
		requests.add(json(endpoint, "no credential", "{}", invalid));
		Map<String, String> credentials = new LinkedHashMap<>();
		credentials.put("an empty object", "{}");
		credentials.put("only an id", "{\"id\":\"AAAA\"}");
		credentials.put("a response that is text",
				"{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\",\"response\":\"x\"}");
		credentials.put("client data that is not Base64url",
				"{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"!!\","
						+ "\"attestationObject\":\"!!\",\"authenticatorData\":\"!!\",\"signature\":\"!!\"}}");
		credentials.put("client data that is not JSON",
				"{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"bm90IGpzb24\","
						+ "\"attestationObject\":\"AAAA\",\"authenticatorData\":\"AAAA\",\"signature\":\"AAAA\"}}");
		credentials.forEach((description, credential) -> requests
			.add(json(endpoint, "credential: " + description, "{\"credential\":" + credential + "}", noCredential)));
		for (String type : List.of("text/plain", "application/x-www-form-urlencoded")) {
			BadRequest request = BadRequest
				.to(endpoint.name(), "Content-Type " + type, endpoint.method(), endpoint.path(),
						Refusal.problem(415, "unsupported_media_type"))
				.header(HttpHeaders.CONTENT_TYPE, type)
				.body(endpoint.plausibleBody().getBytes(StandardCharsets.UTF_8), false)
				.secrets(endpoint.secrets().toArray(String[]::new));
			requests.add((endpoint.credentials() != null)
					? request.header(HttpHeaders.AUTHORIZATION, endpoint.credentials()) : request);
		}
		return requests;
	}

	/**
	 * {@code DELETE /api/v1/users/me/passkeys/{id}} with the victim's token, at ids that
	 * name none of the victim's passkeys.
	 */
	private List<BadRequest> passkeyDeletion() {
		Endpoint endpoint = new Endpoint(HttpMethod.DELETE, "/api/v1/users/me/passkeys/" + UUID.randomUUID(),
				Set.of(HttpMethod.DELETE), bearer(), List.of(), null, null, false, this.secrets);
		List<BadRequest> requests = new ArrayList<>(BadRequests.withTokens(endpoint, this.deadAccessTokens, null));
		Refusal notFound = Refusal.problem(404, "not_found");
		for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid", "1", "%00", "a".repeat(2000),
				"00000000-0000-0000-0000-000000000000", this.otherUserId)) {
			requests.add(BadRequest
				.to(endpoint.name(), "id: " + BadInputCheck.abbreviated(id), HttpMethod.DELETE,
						"/api/v1/users/me/passkeys/" + id, notFound)
				.header(HttpHeaders.AUTHORIZATION, bearer())
				.secrets(this.secrets.toArray(String[]::new)));
		}
		requests.replaceAll((request) -> request.forEndpoint("DELETE /api/v1/users/me/passkeys/{id}"));
		return requests;
	}

	/**
	 * RFC 7662: a token that is not active is answered 200 {@code {"active": false}}, not
	 * with an error; wrong client credentials are 401, a bad form is 400.
	 */
	private List<BadRequest> introspection() {
		String client = basic(INTROSPECTION_CLIENT, INTROSPECTION_SECRET);
		String genuine = "token=" + this.session.accessToken();
		Endpoint endpoint = new Endpoint(HttpMethod.POST, "/api/v1/introspect", Set.of(HttpMethod.POST), client,
				List.of(), genuine, null, false, secretsAnd(INTROSPECTION_SECRET));
		List<BadRequest> requests = new ArrayList<>(BadRequests.forEndpoint(endpoint, SEED, BODY_LIMIT));
		Refusal invalidClient = Refusal.problem(401, "invalid_client").withChallenge("Basic realm=\"authflux\"");
		Map<String, String> clients = new LinkedHashMap<>();
		clients.put("no client credentials", null);
		clients.put("wrong secret", basic(INTROSPECTION_CLIENT, "wrong secret"));
		clients.put("wrong client", basic("someone-else", INTROSPECTION_SECRET));
		clients.put("secret with a trailing space", basic(INTROSPECTION_CLIENT, INTROSPECTION_SECRET + " "));
		clients.put("empty secret", basic(INTROSPECTION_CLIENT, ""));
		clients.put("Basic without credentials", "Basic ");
		clients.put("Basic, not base64", "Basic !!!not-base64!!!");
		clients.put("Basic, no colon",
				"Basic " + Base64.getEncoder().encodeToString(INTROSPECTION_SECRET.getBytes(StandardCharsets.UTF_8)));
		clients.put("the access token as Bearer", bearer());
		clients.put("a secret of 4 KiB", basic(INTROSPECTION_CLIENT, "s".repeat(4096)));
		clients.forEach((description, authorization) -> {
			BadRequest request = form(endpoint, "client: " + description, genuine, invalidClient);
			request = (authorization != null) ? request.header(HttpHeaders.AUTHORIZATION, authorization) : request;
			requests.add(request);
		});
		Refusal inactive = Refusal.inactiveToken();
		Refusal tokenRequired = Refusal.problem(400, "validation_failed");
		this.deadAccessTokens.forEach((description,
				token) -> requests.add(form(endpoint, "token: " + description,
						"token=" + URLEncoder.encode(token, StandardCharsets.UTF_8),
						token.isEmpty() ? tokenRequired : inactive)
					.header(HttpHeaders.AUTHORIZATION, client)));
		Map<String, Refusal> forms = new LinkedHashMap<>();
		forms.put("", tokenRequired);
		forms.put("token=", tokenRequired);
		forms.put("token", tokenRequired);
		forms.put("tokens=abc", tokenRequired);
		forms.put("&&&", tokenRequired);
		forms.put("token=%", Refusal.problem(400, "malformed_request"));
		forms.put("token=%ZZ", Refusal.problem(400, "malformed_request"));
		forms.put("token=%C3%28", inactive);
		forms.put("token=" + "x".repeat(15_000), inactive);
		forms.put("token=a.b.c&token=" + URLEncoder.encode(this.session.accessToken(), StandardCharsets.UTF_8),
				inactive);
		forms.forEach((form, refusal) -> requests
			.add(form(endpoint, "form: " + BadInputCheck.abbreviated(form), form, refusal)
				.header(HttpHeaders.AUTHORIZATION, client)));
		for (String type : List.of("application/json", "text/plain", "multipart/form-data; boundary=x", "garbage",
				"application/x-www-form-urlencoded; charset=nonexistent")) {
			requests.add(BadRequest
				.to(endpoint.name(), "Content-Type " + type, HttpMethod.POST, endpoint.path(),
						Refusal.problem(415, "unsupported_media_type"))
				.header(HttpHeaders.AUTHORIZATION, client)
				.header(HttpHeaders.CONTENT_TYPE, type)
				.body(genuine.getBytes(StandardCharsets.UTF_8), false));
		}
		requests.add(BadRequest
			.to(endpoint.name(), "no Content-Type", HttpMethod.POST, endpoint.path(),
					Refusal.problem(415, "unsupported_media_type"))
			.header(HttpHeaders.AUTHORIZATION, client)
			.body(genuine.getBytes(StandardCharsets.UTF_8), false));
		byte[] invalidUtf8 = new byte[] { 't', 'o', 'k', 'e', 'n', '=', (byte) 0xc3, 0x28, (byte) 0xff };
		requests.add(BadRequest.to(endpoint.name(), "form: invalid UTF-8", HttpMethod.POST, endpoint.path(), inactive)
			.header(HttpHeaders.AUTHORIZATION, client)
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_FORM_URLENCODED_VALUE)
			.body(invalidUtf8, false));
		for (boolean chunked : new boolean[] { false, true }) {
			requests
				.add(form(endpoint, "form of 17000 bytes" + (chunked ? ", chunked" : ""), "token=" + "x".repeat(17_000),
						Refusal.problem(413, "payload_too_large"))
					.header(HttpHeaders.AUTHORIZATION, client)
					.body(("token=" + "x".repeat(17_000)).getBytes(StandardCharsets.UTF_8), chunked));
		}
		return requests;
	}

	/**
	 * An operator's endpoint: refused unless the admin client's credentials are right,
	 * and then still refused for a wrong method or oversized body or headers. Since
	 * {@code signing_keys}, {@code users} and {@code sessions} are state tables, a
	 * refused request that rotated a key, disabled an account or ended a session all the
	 * same would be caught.
	 */
	private List<BadRequest> operator(HttpMethod method, String path) {
		String admin = basic(ADMIN_CLIENT, ADMIN_SECRET);
		Endpoint endpoint = new Endpoint(method, path, Set.of(method), admin, List.of(), null, null, false,
				secretsAnd(ADMIN_SECRET));
		List<BadRequest> requests = new ArrayList<>(BadRequests.forEndpoint(endpoint, SEED, BODY_LIMIT));
		Refusal invalidClient = Refusal.problem(401, "invalid_client").withChallenge("Basic realm=\"authflux\"");
		Map<String, String> clients = new LinkedHashMap<>();
		clients.put("no client credentials", null);
		clients.put("wrong secret", basic(ADMIN_CLIENT, "wrong secret"));
		clients.put("wrong client", basic("someone-else", ADMIN_SECRET));
		clients.put("the introspection client", basic(INTROSPECTION_CLIENT, INTROSPECTION_SECRET));
		clients.put("secret with a trailing space", basic(ADMIN_CLIENT, ADMIN_SECRET + " "));
		clients.put("empty secret", basic(ADMIN_CLIENT, ""));
		clients.put("Basic without credentials", "Basic ");
		clients.put("Basic, not base64", "Basic !!!not-base64!!!");
		clients.put("a user's access token as Bearer", bearer());
		clients.forEach((description, authorization) -> {
			BadRequest request = BadRequest
				.to(endpoint.name(), "client: " + description, method, endpoint.path(), invalidClient)
				.secrets(endpoint.secrets().toArray(String[]::new));
			requests.add((authorization != null) ? request.header(HttpHeaders.AUTHORIZATION, authorization) : request);
		});
		return requests;
	}

	/**
	 * The account endpoints with the admin client's credentials but a user id that is
	 * malformed (400) or names nobody (404), and lookups without a usable name.
	 */
	private List<BadRequest> operatorIds() {
		String admin = basic(ADMIN_CLIENT, ADMIN_SECRET);
		List<BadRequest> requests = new ArrayList<>();
		Map<String, Refusal> ids = new LinkedHashMap<>();
		ids.put("not-a-uuid", Refusal.problem(400, "malformed_request"));
		ids.put("1-1-1-1-1", Refusal.problem(400, "malformed_request"));
		ids.put(this.otherUserId.replace("-", ""), Refusal.problem(400, "malformed_request"));
		ids.put(this.otherUserId + "0", Refusal.problem(400, "malformed_request"));
		ids.put(UUID.randomUUID().toString(), Refusal.problem(404, "not_found"));
		Map<String, HttpMethod> actions = Map.of("disable", HttpMethod.POST, "enable", HttpMethod.POST, "sessions",
				HttpMethod.DELETE, "login-failures", HttpMethod.DELETE);
		ids.forEach((id,
				refusal) -> actions.forEach((action,
						method) -> requests.add(BadRequest
							.to("operator: user id", method.name() + " " + action + " of " + id, method,
									"/api/v1/admin/users/" + id + "/" + action, refusal)
							.header(HttpHeaders.AUTHORIZATION, admin)
							.secrets(ADMIN_SECRET))));
		for (String query : List.of("", "?username=", "?name=x", "?username=ab", "?username=a%20b%20c",
				"?username=" + "x".repeat(65))) {
			requests.add(BadRequest
				.to("operator: user lookup", "query '" + query + "'", HttpMethod.GET, "/api/v1/admin/users" + query,
						Refusal.problem(400, "validation_failed"))
				.header(HttpHeaders.AUTHORIZATION, admin)
				.secrets(ADMIN_SECRET));
		}
		return requests;
	}

	private List<BadRequest> compat() {
		Credentials plausible = TestUsers.unique("legacy-bad");
		Endpoint endpoint = new Endpoint(HttpMethod.POST, "/api/auth", Set.of(HttpMethod.POST), null,
				List.of(new Field("username", plausible.username(), 64, true),
						new Field("password", plausible.password(), 256, false)),
				plausible.json(), Refusal.problem(400, "validation_failed"), true, secretsAnd(plausible));
		List<BadRequest> requests = new ArrayList<>(BadRequests.forEndpoint(endpoint, SEED, BODY_LIMIT));
		requests.add(json(endpoint, "the victim with a wrong password",
				new Credentials(this.victim.username(), "not the password").json(),
				WRONG_CREDENTIALS.inLegacyFormat()));
		requests.add(json(endpoint, "a new name with a password on the breached-password list",
				new Credentials(TestUsers.unique("legacy-common").username(), "iloveyou1").json(),
				Refusal.problem(400, "validation_failed").inLegacyFormat()));
		return requests;
	}

	private BadRequest json(Endpoint endpoint, String description, String body, Refusal refusal) {
		BadRequest request = BadRequest.to(endpoint.name(), description, endpoint.method(), endpoint.path(), refusal)
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.body(body.getBytes(StandardCharsets.UTF_8), false)
			.secrets(endpoint.secrets().toArray(String[]::new));
		return (endpoint.credentials() != null) ? request.header(HttpHeaders.AUTHORIZATION, endpoint.credentials())
				: request;
	}

	private BadRequest form(Endpoint endpoint, String description, String form, Refusal refusal) {
		return BadRequest.to(endpoint.name(), description, HttpMethod.POST, endpoint.path(), refusal)
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_FORM_URLENCODED_VALUE)
			.body(form.getBytes(StandardCharsets.UTF_8), false)
			.secrets(endpoint.secrets().toArray(String[]::new));
	}

	private String bearer() {
		return "Bearer " + this.session.accessToken();
	}

	private List<String> secretsAnd(Credentials credentials) {
		return secretsAnd(credentials.password());
	}

	private List<String> secretsAnd(String secret) {
		List<String> all = new ArrayList<>(this.secrets);
		all.add(secret);
		return all;
	}

	private static String basic(String id, String secret) {
		return "Basic " + Base64.getEncoder()
			.encodeToString((URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
					+ URLEncoder.encode(secret, StandardCharsets.UTF_8))
				.getBytes(StandardCharsets.UTF_8));
	}

	private static String sessionIdOf(String accessToken) {
		try {
			return com.nimbusds.jwt.SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim("sid");
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
