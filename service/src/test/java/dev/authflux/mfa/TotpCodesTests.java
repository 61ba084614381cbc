package dev.authflux.mfa;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TOTP codes as RFC 6238 defines them (its Appendix B test vectors) and as a second,
 * independent implementation computes them: Debian's {@code oathtool}, which the CI
 * installs ({@code .ci/run}); without it these tests fail rather than skip.
 */
class TotpCodesTests {

	/** RFC 6238 Appendix B: the SHA-1 seed, "12345678901234567890" in ASCII. */
	private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	private final SecureRandom random = new SecureRandom();

	@ParameterizedTest
	@CsvSource({ "59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
			"2000000000, 69279037", "20000000000, 65353130" })
	void codeWhenRfc6238AppendixBVectorThenSameEightDigits(long epochSeconds, String expected) {
		TotpCodes eightDigits = new TotpCodes(8);
		long step = TotpCodes.stepAt(Instant.ofEpochSecond(epochSeconds));

		assertThat(eightDigits.code(RFC_SEED, step)).isEqualTo(expected);
	}

	@Test
	void codeWhenRandomSecretsAndTimesThenOathtoolComputesTheSame() throws Exception {
		TotpCodes codes = TotpCodes.sixDigits();
		for (int i = 0; i < 5; i++) {
			byte[] secret = new byte[20];
			this.random.nextBytes(secret);
			long epochSeconds = 1_000_000_000L + this.random.nextInt(1_000_000_000);
			long step = TotpCodes.stepAt(Instant.ofEpochSecond(epochSeconds));

			assertThat(codes.code(secret, step)).as("secret %s at %d", Base32.encode(secret), epochSeconds)
				.isEqualTo(oathtool("--totp", "-b", Base32.encode(secret), "-N", "@" + epochSeconds));
		}
	}

	@Test
	void codeWhenNowThenOathtoolComputesTheSameForOneOfTheStepsAround() throws Exception {
		byte[] secret = new byte[20];
		this.random.nextBytes(secret);
		Instant now = Instant.now();

		// oathtool reads the clock a moment later: the step may just have changed.
		String fromOathtool = oathtool("--totp", "-b", Base32.encode(secret));

		assertThat(TotpCodes.sixDigits().matchingStep(secret, fromOathtool, now)).isPresent();
	}

	@Test
	void matchingStepWhenCodeOneStepAwayThenAcceptedTwoStepsAwayThenNot() {
		TotpCodes codes = TotpCodes.sixDigits();
		byte[] secret = new byte[20];
		this.random.nextBytes(secret);
		Instant now = Instant.ofEpochSecond(1_700_000_015L);
		long step = TotpCodes.stepAt(now);

		assertThat(codes.matchingStep(secret, codes.code(secret, step), now)).hasValue(step);
		assertThat(codes.matchingStep(secret, codes.code(secret, step - 1), now)).hasValue(step - 1);
		assertThat(codes.matchingStep(secret, codes.code(secret, step + 1), now)).hasValue(step + 1);
		assertThat(codes.matchingStep(secret, codes.code(secret, step - 2), now)).isEmpty();
		assertThat(codes.matchingStep(secret, codes.code(secret, step + 2), now)).isEmpty();
	}

	@Test
	void base32WhenRoundTripThenSameBytesInEitherCase() {
		byte[] secret = new byte[20];
		this.random.nextBytes(secret);
		String encoded = Base32.encode(secret);

		assertThat(encoded).hasSize(32).matches("[A-Z2-7]+");
		assertThat(Base32.decode(encoded)).isEqualTo(secret);
		assertThat(Base32.decode(encoded.toLowerCase(java.util.Locale.ROOT))).isEqualTo(secret);
	}

	static String oathtool(String... arguments) throws IOException, InterruptedException {
		String[] command = new String[arguments.length + 1];
		command[0] = "oathtool";
		System.arraycopy(arguments, 0, command, 1, arguments.length);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("oathtool finished").isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
		assertThat(process.exitValue()).as("oathtool: %s", output).isZero();
		return output;
	}

}
