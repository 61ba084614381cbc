package dev.authflux.session;

import java.time.Duration;

import dev.authflux.support.TestProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SessionPropertiesTests {

	@Test
	void bindWhenNothingSetThenDocumentedDefaults() {
		SessionProperties properties = TestProperties.bind("authflux.session", SessionProperties.class);
		assertThat(properties.reuseHistory()).isEqualTo(100);
		assertThat(properties.retention()).isEqualTo(Duration.ofDays(7));
	}

	@Test
	void bindWhenReuseHistoryIsZeroThenRefusedNamingTheSetting() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> TestProperties.bind("authflux.session", SessionProperties.class, "reuse-history=0"))
			.havingRootCause()
			.withMessageContaining("authflux.session.reuse-history");
	}

	@Test
	void bindWhenRetentionIsNegativeThenRefusedNamingTheSetting() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> TestProperties.bind("authflux.session", SessionProperties.class, "retention=-1d"))
			.havingRootCause()
			.withMessageContaining("authflux.session.retention");
	}

}
