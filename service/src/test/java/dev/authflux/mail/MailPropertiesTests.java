package dev.authflux.mail;

import java.time.Duration;

import dev.authflux.support.TestProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MailPropertiesTests {

	@Test
	void retryAfterWhenAttemptsGrowThenTheWaitDoublesUpToTheMaximum() {
		MailProperties properties = TestProperties.bind("authflux.mail", MailProperties.class);
		assertThat(properties.retryAfter(1)).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.retryAfter(2)).isEqualTo(Duration.ofSeconds(20));
		assertThat(properties.retryAfter(4)).isEqualTo(Duration.ofSeconds(80));
		assertThat(properties.retryAfter(7)).isEqualTo(Duration.ofMinutes(10));
		assertThat(properties.retryAfter(1000)).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void smtpWhenNoHostThenFilesInRunMail() {
		MailProperties properties = TestProperties.bind("authflux.mail", MailProperties.class);
		assertThat(properties.smtp()).isFalse();
		assertThat(properties.directory().toString()).isEqualTo(".run/mail");
		assertThat(TestProperties.bind("authflux.mail", MailProperties.class, "host=").smtp()).isFalse();
		assertThat(TestProperties.bind("authflux.mail", MailProperties.class, "host=smtp.example.com").smtp()).isTrue();
	}

	@Test
	void linkWhenBaseUrlSetThenPathAndTokenOtherwiseNone() {
		assertThat(TestProperties.bind("authflux.mail", MailProperties.class).link("/verify-email", "abc")).isNull();
		assertThat(TestProperties.bind("authflux.mail", MailProperties.class, "link-base-url=https://app.example.com/")
			.link("/verify-email", "abc")).isEqualTo("https://app.example.com/verify-email?token=abc");
		assertThat(TestProperties.bind("authflux.mail", MailProperties.class, "link-base-url=https://app.example.com/x")
			.link("/verify-email", "abc")).isEqualTo("https://app.example.com/x/verify-email?token=abc");
	}

}
