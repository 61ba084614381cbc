package dev.authflux.mfa;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;

import dev.authflux.audit.ClientInfo;
import dev.authflux.system.OpaqueValues;
import dev.authflux.user.InvalidCredentialsException;
import dev.authflux.user.User;
import dev.authflux.user.UserProfile;
import dev.authflux.user.UserService;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * TOTP (RFC 6238) as a second factor: enrollment, its recovery codes, and the second step
 * of a login. Codes are spent by the statement that accepts them, so each is accepted
 * once; wrong codes at a login or at disabling are counted on the account's failed-login
 * counters by {@link UserService}.
 */
@Service
public class MfaService {

	/** RFC 8176: a TOTP code is a one-time password on top of the password. */
	static final List<String> AMR_TOTP = List.of("pwd", "otp");

	/**
	 * A recovery code proves the second factor as well, but not a device: {@code mfa}
	 * without {@code otp} tells a relying party which it was.
	 */
	static final List<String> AMR_RECOVERY_CODE = List.of("pwd", "mfa");

	/** A passkey on top of the password. */
	static final List<String> AMR_PASSKEY = List.of("pwd", "webauthn");

	private static final List<String> METHODS = List.of("totp", "recovery_code");

	private static final List<String> METHODS_WITH_PASSKEY = List.of("totp", "recovery_code", "webauthn");

	private static final int SECRET_BYTES = 20;

	private final UserService users;

	private final TotpRepository totps;

	private final TotpSecrets secrets;

	private final SecondFactorCodes codes;

	private final MfaChallengeRepository challenges;

	private final MfaProperties properties;

	private final SecureRandom random;

	private final PasskeyFactor passkeys;

	MfaService(UserService users, TotpRepository totps, TotpSecrets secrets, SecondFactorCodes codes,
			MfaChallengeRepository challenges, MfaProperties properties, SecureRandom random, PasskeyFactor passkeys) {
		this.users = users;
		this.passkeys = passkeys;
		this.totps = totps;
		this.secrets = secrets;
		this.codes = codes;
		this.challenges = challenges;
		this.properties = properties;
		this.random = random;
	}

	/**
	 * A new pending TOTP secret for the account, replacing a pending one; the password is
	 * checked and counted like a password change's.
	 */
	public Mono<TotpEnrollment> enroll(UserProfile profile, String password, ClientInfo client) {
		byte[] secret = new byte[SECRET_BYTES];
		this.random.nextBytes(secret);
		return this.users.confirmForEnrollment(profile, password, client)
			.flatMap((user) -> this.secrets.encrypt(user.id(), secret))
			.flatMap((encrypted) -> this.totps.savePending(profile.id(), encrypted))
			.flatMap((saved) -> saved ? Mono.just(enrollment(profile.username(), secret))
					: Mono.error(new TotpAlreadyEnabledException()));
	}

	/**
	 * Confirms the pending enrollment with a current code (then spent) and issues ten new
	 * recovery codes, shown this once.
	 */
	public Mono<List<String>> confirm(UserProfile profile, String code, ClientInfo client) {
		UUID userId = profile.id();
		return this.totps.find(userId)
			.filter((stored) -> !stored.confirmed())
			.switchIfEmpty(Mono.error(TotpNotPendingException::new))
			.flatMap((stored) -> {
				OptionalLong step = this.codes.matchingStep(userId, stored.encryptedSecret(), code);
				if (step.isEmpty()) {
					return Mono.error(new InvalidCodeException());
				}
				List<String> recoveryCodes = RecoveryCodes.generate(this.random);
				byte[][] hashes = recoveryCodes.stream()
					.map((recoveryCode) -> RecoveryCodes.hash(userId, recoveryCode))
					.toArray(byte[][]::new);
				return this.totps.confirm(userId, stored.encryptedSecret(), step.getAsLong(), hashes, client)
					.flatMap((confirmed) -> confirmed ? Mono.just(recoveryCodes)
							: Mono.error(new TotpNotPendingException()));
			});
	}

	/**
	 * Turns the second factor off with a current TOTP code or a recovery code; a wrong
	 * one is counted like a wrong password.
	 */
	public Mono<Void> disable(UserProfile profile, String code, ClientInfo client) {
		return this.totps.find(profile.id())
			.filter(TotpRepository.StoredTotp::confirmed)
			.switchIfEmpty(Mono.error(TotpNotEnabledException::new))
			.then(this.users.checkCodeToDisable(profile, client, (user) -> use(user.id(), code, client)))
			.onErrorMap(InvalidCredentialsException.class, (ex) -> new InvalidCodeException())
			.flatMap((user) -> this.totps.disable(user.id(), client))
			.flatMap((removed) -> removed ? Mono.empty() : Mono.error(new TotpNotEnabledException()));
	}

	/**
	 * The first step of a login whose password was right: a token for the second, and the
	 * methods it can be answered with (passkeys only if the account has one).
	 */
	public Mono<MfaChallenge> challenge(User user) {
		String token = OpaqueValues.random(this.random, 32);
		return this.passkeys.available(user.id())
			.flatMap((withPasskey) -> this.challenges
				.create(OpaqueValues.sha256(token), user.id(), user.passwordChangedAt(), this.properties.challengeTtl())
				.thenReturn(new MfaChallenge(token, withPasskey ? METHODS_WITH_PASSKEY : METHODS,
						this.properties.challengeTtl().toSeconds())));
	}

	/**
	 * The account an open {@code mfa_token} is for, without spending it: what a passkey's
	 * challenge of the second step is bound to.
	 * @return the account's id, or {@link InvalidMfaTokenException}
	 */
	public Mono<UUID> accountOf(String mfaToken) {
		return this.challenges.findOpen(OpaqueValues.sha256(mfaToken))
			.map(MfaChallengeRepository.OpenChallenge::userId)
			.switchIfEmpty(Mono.error(InvalidMfaTokenException::new));
	}

	/**
	 * The second step of a login: the challenge's account, if {@code code} is a current
	 * TOTP code ({@code recovery} false) or an unspent recovery code of it. The challenge
	 * is spent only by a right code; a wrong one is a failed login of the account.
	 * @return the login, or {@link InvalidMfaTokenException},
	 * {@link InvalidCodeException}
	 */
	public Mono<SecondFactorLogin> completeLogin(String mfaToken, String code, boolean recovery, String deviceToken,
			ClientInfo client) {
		return complete(mfaToken, deviceToken, client, recovery ? AMR_RECOVERY_CODE : AMR_TOTP, (userId) -> recovery
				? this.codes.useRecoveryCode(userId, code, client) : this.codes.useTotp(userId, code));
	}

	/**
	 * The second step of a login answered with a passkey: as {@link #completeLogin}, with
	 * an assertion of one of the account's passkeys instead of a code; a refused one is a
	 * failed login of the account like a wrong code.
	 */
	public Mono<SecondFactorLogin> completeLoginWithPasskey(String mfaToken, String credentialJson, String deviceToken,
			ClientInfo client) {
		return complete(mfaToken, deviceToken, client, AMR_PASSKEY,
				(userId) -> this.passkeys.verify(userId, credentialJson, client));
	}

	private Mono<SecondFactorLogin> complete(String mfaToken, String deviceToken, ClientInfo client, List<String> amr,
			Function<UUID, Mono<Boolean>> proof) {
		byte[] tokenHash = OpaqueValues.sha256(mfaToken);
		return this.challenges.findOpen(tokenHash)
			.switchIfEmpty(Mono.error(InvalidMfaTokenException::new))
			.flatMap(
					(challenge) -> this.users
						.checkSecondFactor(challenge.username(), deviceToken, client,
								(user) -> !user.id().equals(challenge.userId()) ? Mono.just(false)
										: proof.apply(user.id()))
						.onErrorMap(InvalidCredentialsException.class, (ex) -> new InvalidCodeException()))
			.flatMap((authenticated) -> this.challenges.spend(tokenHash)
				.flatMap((spent) -> spent
						? Mono.just(new SecondFactorLogin(authenticated.user(), amr, authenticated.deviceToken()))
						: Mono.error(new InvalidMfaTokenException())));
	}

	private Mono<Boolean> use(UUID userId, String code, ClientInfo client) {
		return SecondFactorCodes.isTotpCode(code) ? this.codes.useTotp(userId, code)
				: this.codes.useRecoveryCode(userId, code, client);
	}

	private TotpEnrollment enrollment(String username, byte[] secret) {
		String encoded = Base32.encode(secret);
		String issuer = this.properties.issuer();
		String uri = "otpauth://totp/" + uriPart(issuer) + ":" + uriPart(username) + "?secret=" + encoded + "&issuer="
				+ uriPart(issuer) + "&algorithm=SHA1&digits=6&period=30";
		return new TotpEnrollment(encoded, uri);
	}

	private static String uriPart(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
