package dev.authflux.recovery;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordResetPropertiesTests {

	@Test
	void bindWhenEnvironmentVariablesThenTheyAreTheSettings() {
		PasswordResetProperties properties = bind(Map.of("AUTHFLUX_PASSWORD_RESET_TTL", "15m",
				"AUTHFLUX_PASSWORD_RESET_ADDRESS_MAX_REQUESTS", "5", "AUTHFLUX_PASSWORD_RESET_NETWORK_WINDOW", "1h"));

		assertThat(properties.ttl()).isEqualTo(Duration.ofMinutes(15));
		assertThat(properties.addressMaxRequests()).isEqualTo(5);
		assertThat(properties.networkWindow()).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void bindWhenNothingSetThenDefaults() {
		PasswordResetProperties properties = bind(Map.of());

		assertThat(properties.ttl()).isEqualTo(Duration.ofMinutes(30));
		assertThat(properties.addressMaxRequests()).isEqualTo(3);
		assertThat(properties.addressWindow()).isEqualTo(Duration.ofHours(1));
		assertThat(properties.networkMaxRequests()).isEqualTo(10);
		assertThat(properties.networkWindow()).isEqualTo(Duration.ofMinutes(10));
	}

	private static PasswordResetProperties bind(Map<String, Object> environment) {
		StandardEnvironment env = new StandardEnvironment();
		env.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
		env.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		return new Binder(ConfigurationPropertySources.from(env.getPropertySources()))
			.bindOrCreate("authflux.password-reset", PasswordResetProperties.class);
	}

}
