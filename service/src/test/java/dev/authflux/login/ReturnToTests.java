package dev.authflux.login;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ReturnToTests {

	@ParameterizedTest
	@ValueSource(strings = { "/oauth2/authorize", "/oauth2/authorize?",
			"/oauth2/authorize?client_id=app&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&scope=openid%20profile",
			"/oauth2/authorize?state=a/b?c:d@e!$'()*+,;=~._-" })
	void allowedWhenTheAuthorizationEndpointThenKept(String returnTo) {
		assertThat(ReturnTo.allowed(returnTo)).isEqualTo(returnTo);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "/", "https://evil.example/oauth2/authorize", "//evil.example/oauth2/authorize",
			"///evil.example", "/\\evil.example", "\\\\evil.example", "\\/evil.example", "/oauth2/authorize/",
			"/oauth2/authorize/../../evil", "/oauth2/authorizeX", "/oauth2/authorize#x", "/OAUTH2/authorize",
			"/%2F%2Fevil.example", "/oauth2%2Fauthorize", "/oauth2/authorize%3F", "/oauth2/authorize?%zz",
			"/oauth2/authorize?%2", "/oauth2/authorize?x=\r\nSet-Cookie:a=b", "/oauth2/authorize?a b",
			"/oauth2/authorize?a=é", "/oauth2/authorize?a=<b>", "/oauth2/authorize?a=\"", "javascript:alert(1)",
			"https:evil.example", " /oauth2/authorize", "/oauth2/authorize\\@evil.example", "/oauth2/authorize?a=\\b",
			"data:text/html,x" })
	void allowedWhenAnythingElseThenRefused(String returnTo) {
		assertThat(ReturnTo.allowed(returnTo)).isNull();
	}

	@Test
	void allowedWhenNullOrTooLongThenRefused() {
		assertThat(ReturnTo.allowed(null)).isNull();
		assertThat(ReturnTo.allowed("/oauth2/authorize?a=" + "b".repeat(5000))).isNull();
	}

}
