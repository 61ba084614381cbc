package dev.authflux.mfa;

import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecoveryCodesTests {

	@Test
	void generateThenTenDistinctCodesOfSixtyBitsInGroupsOfFour() {
		List<String> codes = RecoveryCodes.generate(new SecureRandom());

		assertThat(codes).hasSize(10).doesNotHaveDuplicates();
		// 12 Base32 characters: 60 bits each.
		assertThat(codes).allMatch((code) -> code.matches("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}"));
	}

	@Test
	void hashWhenTypedInOtherCaseOrWithoutDashesThenSameHash() {
		UUID user = UUID.randomUUID();
		byte[] stored = RecoveryCodes.hash(user, "abcd-efgh-2345");

		assertThat(RecoveryCodes.hash(user, "ABCDEFGH2345")).isEqualTo(stored);
		assertThat(RecoveryCodes.hash(user, "abcd efgh 2345")).isEqualTo(stored);
		assertThat(RecoveryCodes.hash(UUID.randomUUID(), "abcd-efgh-2345")).isNotEqualTo(stored);
	}

}
