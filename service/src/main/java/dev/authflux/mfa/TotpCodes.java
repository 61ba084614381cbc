package dev.authflux.mfa;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;

import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

/**
 * TOTP codes (RFC 6238) with HMAC-SHA-1 and 30-second steps, as every authenticator app
 * computes them; the computation itself is java-otp's.
 */
final class TotpCodes {

	static final Duration STEP = Duration.ofSeconds(30);

	/**
	 * Steps either side of now a code may come from (RFC 6238 §5.2): a phone's clock a
	 * little off, or a code typed as it changed.
	 */
	static final int SKEW = 1;

	private final TimeBasedOneTimePasswordGenerator generator;

	TotpCodes(int digits) {
		this.generator = new TimeBasedOneTimePasswordGenerator(STEP, digits,
				TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
	}

	/** The codes of the API: six digits. */
	static TotpCodes sixDigits() {
		return new TotpCodes(6);
	}

	static long stepAt(Instant instant) {
		return Math.floorDiv(instant.getEpochSecond(), STEP.toSeconds());
	}

	/** The code of time step {@code step}. */
	String code(byte[] secret, long step) {
		try {
			return this.generator.generateOneTimePasswordString(new SecretKeySpec(secret, "RAW"),
					Instant.ofEpochSecond(step * STEP.toSeconds()), Locale.ROOT);
		}
		catch (InvalidKeyException ex) {
			throw new IllegalStateException("An HMAC-SHA-1 key of any length is valid", ex);
		}
	}

	/**
	 * The step within {@link #SKEW} of {@code now} whose code {@code code} is, if any;
	 * compared in constant time.
	 */
	OptionalLong matchingStep(byte[] secret, String code, Instant now) {
		byte[] presented = code.getBytes(StandardCharsets.US_ASCII);
		long current = stepAt(now);
		OptionalLong match = OptionalLong.empty();
		for (long step = current - SKEW; step <= current + SKEW; step++) {
			if (MessageDigest.isEqual(presented, code(secret, step).getBytes(StandardCharsets.US_ASCII))
					&& match.isEmpty()) {
				match = OptionalLong.of(step);
			}
		}
		return match;
	}

}
