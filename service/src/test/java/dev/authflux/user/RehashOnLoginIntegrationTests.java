package dev.authflux.user;

import java.time.Duration;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.Eventually;
import dev.authflux.support.TestUsers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The configured hash parameters reach stored passwords as their owners log in. */
class RehashOnLoginIntegrationTests extends ApplicationTest {

	@Autowired
	private DatabaseClient db;

	@Test
	void loginReplacesAHashMadeWithWeakerParameters() {
		loginReplacesAHashMadeWith(new PasswordProperties(8192, 1, 1, 1, 4, Duration.ofSeconds(5), 0, 1));
	}

	@Test
	void loginReplacesAHashMadeWithTheEarlierDefault() {
		loginReplacesAHashMadeWith(new PasswordProperties(19456, 2, 1, 1, 4, Duration.ofSeconds(5), 0, 1));
	}

	private void loginReplacesAHashMadeWith(PasswordProperties parameters) {
		AuthClient client = new AuthClient(this.http);
		TestUsers.Credentials user = TestUsers.unique("legacy-hash");
		client.register(user);
		PasswordHasher older = new PasswordHasher(parameters, new SimpleMeterRegistry());
		String legacy = older.hash(user.password()).block();
		older.destroy();
		storeHash(user.username(), legacy);

		client.login(user);

		Eventually.holds(() -> assertThat(storedHash(user.username())).startsWith("$argon2id$v=19$m=7168,t=5,p=1$"));
		client.login(user);
	}

	private void storeHash(String username, String hash) {
		this.db.sql("UPDATE users SET password_hash = :hash WHERE username = :username")
			.bind("hash", hash)
			.bind("username", username)
			.then()
			.block();
	}

	private String storedHash(String username) {
		return this.db.sql("SELECT password_hash FROM users WHERE username = :username")
			.bind("username", username)
			.map((row) -> row.get(0, String.class))
			.one()
			.block();
	}

}
