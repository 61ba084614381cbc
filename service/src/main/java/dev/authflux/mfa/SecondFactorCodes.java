package dev.authflux.mfa;

import java.time.Clock;
import java.util.OptionalLong;
import java.util.UUID;

import dev.authflux.audit.ClientInfo;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Checks and spends one code of an account's second factor: a TOTP code of a step later
 * than the last one used, or one of its unspent recovery codes.
 */
@Component
class SecondFactorCodes {

	private final TotpRepository totps;

	private final TotpSecrets secrets;

	private final TotpCodes codes = TotpCodes.sixDigits();

	private final Clock clock;

	SecondFactorCodes(TotpRepository totps, TotpSecrets secrets, Clock clock) {
		this.totps = totps;
		this.secrets = secrets;
		this.clock = clock;
	}

	/** Whether {@code code} is a current TOTP code of the account, spent now. */
	Mono<Boolean> useTotp(UUID userId, String code) {
		return this.totps.find(userId).filter(TotpRepository.StoredTotp::confirmed).flatMap((stored) -> {
			OptionalLong step = matchingStep(userId, stored.encryptedSecret(), code);
			return step.isPresent() ? this.totps.useStep(userId, step.getAsLong()) : Mono.just(false);
		}).defaultIfEmpty(false);
	}

	/** Whether {@code code} is an unspent recovery code of the account, spent now. */
	Mono<Boolean> useRecoveryCode(UUID userId, String code, ClientInfo client) {
		return this.totps.useRecoveryCode(userId, RecoveryCodes.hash(userId, code), client);
	}

	/** The step of a pending or confirmed secret that {@code code} is the code of. */
	OptionalLong matchingStep(UUID userId, byte[] encryptedSecret, String code) {
		return this.codes.matchingStep(this.secrets.decrypt(userId, encryptedSecret), code, this.clock.instant());
	}

	/** Whether the code looks like a TOTP code rather than a recovery code. */
	static boolean isTotpCode(String code) {
		return code.length() == 6 && code.chars().allMatch((c) -> c >= '0' && c <= '9');
	}

}
