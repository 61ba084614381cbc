package dev.authflux.passkey;

import java.util.List;
import java.util.UUID;

import com.webauthn4j.data.PublicKeyCredentialType;
import dev.authflux.audit.ClientInfo;
import dev.authflux.mfa.InvalidMfaTokenException;
import dev.authflux.mfa.MfaService;
import dev.authflux.session.SessionService;
import dev.authflux.session.TokenResponse;
import dev.authflux.system.OpaqueValues;
import dev.authflux.user.AccountDisabledException;
import dev.authflux.user.User;
import dev.authflux.user.UserProfile;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Passkeys (WebAuthn Level 2): their registration by a signed-in account, logins with a
 * discoverable credential alone, and the options of a login's second step with one. Each
 * ceremony answers a challenge issued here, spent once; what authenticators sign is
 * verified by {@link AuthenticatorResponses}.
 */
@Service
public class PasskeyService {

	private static final String PUBLIC_KEY = PublicKeyCredentialType.PUBLIC_KEY.getValue();

	private static final String USER_VERIFICATION = "preferred";

	/** A login without a password takes a passkey only with the user verified. */
	private static final String LOGIN_USER_VERIFICATION = "required";

	private final Challenges challenges;

	private final AuthenticatorResponses responses;

	private final PasskeyRepository passkeys;

	private final RelyingParty relyingParty;

	private final SessionService sessions;

	private final PasskeyProperties properties;

	private final PasskeyAssertions assertions;

	private final MfaService mfa;

	PasskeyService(Challenges challenges, AuthenticatorResponses responses, PasskeyRepository passkeys,
			RelyingParty relyingParty, SessionService sessions, PasskeyProperties properties,
			PasskeyAssertions assertions, MfaService mfa) {
		this.assertions = assertions;
		this.mfa = mfa;
		this.challenges = challenges;
		this.responses = responses;
		this.passkeys = passkeys;
		this.relyingParty = relyingParty;
		this.sessions = sessions;
		this.properties = properties;
	}

	/**
	 * Options for registering a passkey of the account, excluding the credentials it has
	 * (an authenticator holding one refuses to make another).
	 */
	public Mono<CreationOptions> registrationOptions(UserProfile user) {
		return this.passkeys.credentialIdsOf(user.id())
			.map((id) -> new CreationOptions.CredentialDescriptor(PUBLIC_KEY, OpaqueValues.base64url(id)))
			.collectList()
			.zipWith(this.challenges.issueForRegistration(user.id()))
			.map((excludedAndChallenge) -> new CreationOptions(excludedAndChallenge.getT2(),
					new CreationOptions.RelyingPartyEntity(this.relyingParty.id(), this.relyingParty.name()),
					new CreationOptions.UserEntity(OpaqueValues.base64url(UserHandles.of(user.id())), user.username(),
							user.username()),
					AuthenticatorResponses.ALGORITHMS.stream()
						.map((parameters) -> new CreationOptions.CredentialParameters(PUBLIC_KEY,
								parameters.getAlg().getValue()))
						.toList(),
					this.challenges.ttl().toMillis(), excludedAndChallenge.getT1(),
					new CreationOptions.AuthenticatorSelection("required", true, USER_VERIFICATION), "none"));
	}

	/**
	 * Verifies and stores the browser's answer to one of the account's registration
	 * challenges; {@link InvalidCredentialException} if it answers none or does not
	 * verify, {@link PasskeyConflictException} if it cannot be stored.
	 */
	public Mono<PasskeyView> register(UserProfile user, String credentialJson, String name, ClientInfo client) {
		return this.responses.parseRegistration(credentialJson)
			.flatMap((data) -> this.challenges.spendForRegistration(data.getCollectedClientData(), user.id())
				.switchIfEmpty(Mono.error(InvalidCredentialException::new))
				.flatMap((challenge) -> this.responses.verifyRegistration(data, challenge)))
			.flatMap((passkey) -> this.passkeys.insert(user.id(), passkey, name, this.properties.maxPerAccount(),
					client))
			.flatMap((registration) -> {
				if (!registration.room()) {
					return Mono.error(PasskeyConflictException.limit());
				}
				return (registration.passkey() != null) ? Mono.just(registration.passkey())
						: Mono.error(PasskeyConflictException.exists());
			});
	}

	public Flux<PasskeyView> list(UserProfile user) {
		return this.passkeys.findAllOf(user.id());
	}

	/** Deletes one of the account's passkeys; anyone else's is reported as not found. */
	public Mono<Void> delete(UserProfile user, UUID passkeyId, ClientInfo client) {
		return this.passkeys.delete(user.id(), passkeyId, client)
			.flatMap((deleted) -> deleted ? Mono.empty() : Mono.error(new PasskeyNotFoundException()));
	}

	/** Options for a login with whichever passkey of this RP ID the user picks. */
	public Mono<RequestOptions> loginOptions() {
		return this.challenges.issueForAuthentication()
			.map((challenge) -> new RequestOptions(challenge, this.relyingParty.id(), this.challenges.ttl().toMillis(),
					LOGIN_USER_VERIFICATION, List.of()));
	}

	/**
	 * Options for the second step of a login with one of the passkeys of the account
	 * {@code mfaToken} is for; {@link dev.authflux.mfa.InvalidMfaTokenException} if the
	 * token is not open, {@link NoPasskeyException} if the account has none. User
	 * verification is discouraged: the password was the knowledge factor.
	 */
	public Mono<RequestOptions> secondFactorOptions(String mfaToken) {
		return this.mfa.accountOf(mfaToken)
			.flatMap((userId) -> this.passkeys.credentialIdsOf(userId)
				.map((id) -> new CreationOptions.CredentialDescriptor(PUBLIC_KEY, OpaqueValues.base64url(id)))
				.collectList()
				.filter((allowed) -> !allowed.isEmpty())
				.switchIfEmpty(Mono.error(NoPasskeyException::new))
				.zipWith(this.challenges.issueForSecondFactor(userId)))
			.map((allowedAndChallenge) -> new RequestOptions(allowedAndChallenge.getT2(), this.relyingParty.id(),
					this.challenges.ttl().toMillis(), "discouraged", allowedAndChallenge.getT1()));
	}

	/**
	 * A session for the account whose passkey signed the answer to a login challenge with
	 * the user verified: possession and a PIN or biometrics, two factors, so an account
	 * with a second factor is not asked for it again. Every refusal is the same
	 * {@link InvalidPasskeyException}, audited with its reason; a disabled account is
	 * refused only after its passkey verified, as after a right password.
	 */
	public Mono<TokenResponse> login(String credentialJson, ClientInfo client) {
		return authenticate(credentialJson, client).flatMap((user) -> this.sessions.startWithPasskey(user, client));
	}

	/**
	 * The account whose passkey answered a login challenge, checked exactly as
	 * {@link #login} checks it (and failing as it does), for a caller that starts a
	 * session of its own: the login page's browser session.
	 */
	public Mono<User> authenticate(String credentialJson, ClientInfo client) {
		return this.responses.parseAuthentication(credentialJson)
			.flatMap((data) -> this.assertions.prove(data,
					this.challenges.spendForAuthentication(data.getCollectedClientData()),
					PasskeyAssertions.Expected.passwordless(), client))
			.onErrorResume(InvalidPasskeyException.class,
					(ex) -> this.passkeys.auditRefusal(ex.userId(), ex.reason(), client).then(Mono.error(ex)))
			.flatMap((user) -> user.disabled() ? Mono.error(new AccountDisabledException()) : Mono.just(user));
	}

	/**
	 * Whether the second step of the login {@code mfaToken} opened can be answered with a
	 * passkey: the token is open and its account has one.
	 */
	public Mono<Boolean> offeredAtSecondStep(String mfaToken) {
		return this.mfa.accountOf(mfaToken)
			.flatMap((userId) -> this.passkeys.credentialIdsOf(userId).hasElements())
			.onErrorReturn(InvalidMfaTokenException.class, false);
	}

}
