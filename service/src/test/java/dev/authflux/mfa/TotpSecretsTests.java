package dev.authflux.mfa;

import java.util.UUID;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.TestProperties;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TotpSecretsTests {

	private final TotpSecrets secrets = new TotpSecrets(TestProperties.bind("authflux.mfa", MfaProperties.class,
			"encryption-key=" + ApplicationTest.MFA_ENCRYPTION_KEY));

	@Test
	void encryptThenDecryptsForTheSameUserOnly() {
		UUID alice = UUID.randomUUID();
		byte[] secret = "12345678901234567890".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

		byte[] encrypted = this.secrets.encrypt(alice, secret).block();

		assertThat(encrypted).isNotEqualTo(secret).hasSizeGreaterThan(secret.length);
		assertThat(this.secrets.decrypt(alice, encrypted)).isEqualTo(secret);
		// Under another user id (or another key) it does not decrypt: the service answers
		// 503 mfa_unavailable rather than a 500.
		assertThatExceptionOfType(MfaUnavailableException.class)
			.isThrownBy(() -> this.secrets.decrypt(UUID.randomUUID(), encrypted));
	}

	@Test
	void encryptWhenNoKeyConfiguredThenMfaUnavailable() {
		TotpSecrets unconfigured = new TotpSecrets(TestProperties.bind("authflux.mfa", MfaProperties.class));

		StepVerifier.create(unconfigured.encrypt(UUID.randomUUID(), new byte[20]))
			.expectError(MfaUnavailableException.class)
			.verify();
	}

	@Test
	void constructWhenKeyIsNotBase64Of32BytesThenStartUpFails() {
		assertThatIllegalStateException().isThrownBy(() -> new TotpSecrets(
				TestProperties.bind("authflux.mfa", MfaProperties.class, "encryption-key=c2hvcnQ=")));
		assertThatIllegalStateException().isThrownBy(
				() -> new TotpSecrets(TestProperties.bind("authflux.mfa", MfaProperties.class, "encryption-key=%%%")));
	}

}
