package dev.authflux.user;

import dev.authflux.web.ValidationFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The rules a new password must pass, with the list shipped with nbvcxz. */
class PasswordPolicyTests {

	private static final PasswordPolicy policy = new PasswordPolicy();

	@ParameterizedTest
	@ValueSource(strings = { "password", "12345678", "qwertyuiop", "iloveyou1", "PASSWORD", "Password1", "passw0rd",
			"letmein123", "\uff50\uff41\uff53\uff53\uff57\uff4f\uff52\uff44" })
	void passwordsAttackersTryFirstAreRefusedInAnyCaseOrWidth(String password) {
		assertThat(policy.problemWith(password, "someone")).isEqualTo(PasswordPolicy.TOO_COMMON);
	}

	@ParameterizedTest
	@ValueSource(strings = { "correct horse 3f9a", "long enough", "crème brûlée au café", "пароль на зиму",
			"😀😃😄😁😆😅😂🙂", "Tr0ub4dor&3x" })
	void passwordsOffNoListAreAcceptedWithoutCompositionRules(String password) {
		assertThat(policy.problemWith(password, "someone")).isNull();
	}

	@Test
	void aPasswordContainingTheUsernameInAnyCaseIsRefused() {
		assertThat(policy.problemWith("Alice-2024!", "alice")).isEqualTo(PasswordPolicy.CONTAINS_USERNAME);
		assertThat(policy.problemWith("SAME-AS-PW", "same-as-pw")).isEqualTo(PasswordPolicy.CONTAINS_USERNAME);
		assertThat(policy.problemWith("my name is bob", "bob")).isEqualTo(PasswordPolicy.CONTAINS_USERNAME);
		assertThat(policy.problemWith("my name is bo b", "bob")).isNull();
	}

	@Test
	void oneCharacterRepeatedIsRefused() {
		assertThat(policy.problemWith("zzzzzzzzzzzz", "someone")).isEqualTo(PasswordPolicy.REPEATED);
		assertThat(policy.problemWith("\uff5a".repeat(10), "someone")).isEqualTo(PasswordPolicy.REPEATED);
	}

	@Test
	void lengthIsCountedInCodePointsOfTheNormalizedForm() {
		// Eight letters typed decomposed are sixteen code points, but eight characters.
		String eightDecomposed = "e\u0301".repeat(3) + "abcde";
		assertThat(policy.problemWith(eightDecomposed, "someone")).isNull();
		String sevenDecomposed = "e\u0301".repeat(3) + "abcd";
		assertThat(policy.problemWith(sevenDecomposed, "someone")).isEqualTo(CredentialRules.PASSWORD_MESSAGE);
		assertThat(policy.problemWith("x1y2z3w4".repeat(32), "someone")).isNull();
		assertThat(policy.problemWith("x1y2z3w4".repeat(32) + "!", "someone"))
			.isEqualTo(CredentialRules.PASSWORD_MESSAGE);
	}

	@Test
	void aRefusalNamesTheFieldItWasSentIn() {
		assertThatExceptionOfType(ValidationFailedException.class)
			.isThrownBy(() -> policy.requireAcceptable("new_password", "password", "someone"))
			.satisfies((ex) -> assertThat(ex.errors())
				.containsExactly(new ValidationFailedException.FieldError("new_password", PasswordPolicy.TOO_COMMON)));
	}

}
