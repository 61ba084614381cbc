package dev.authflux.user;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.TestUsers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The configured hash parameters, and normalized passwords, reach stored hashes as their
 * owners log in.
 */
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

	@Test
	void loginReplacesAHashOfThePasswordAsTypedBeforeNormalization() {
		AuthClient client = new AuthClient(this.http);
		String username = TestUsers.unique("typed-hash").username();
		TestUsers.Credentials decomposed = new TestUsers.Credentials(username, "cre\u0300me bru\u0302le\u0301e");
		TestUsers.Credentials composed = new TestUsers.Credentials(username, "cr\u00e8me br\u00fbl\u00e9e");
		client.register(composed);
		String typed = NativeArgon2.argon2id(16, 32)
			.hash(5, 7168, 1, decomposed.password().toCharArray(), StandardCharsets.UTF_8);
		storeHash(username, typed);
		// Such a hash matches only the form it was made from.
		client.post("/api/v1/sessions", composed.json()).expectStatus().isUnauthorized();

		client.login(decomposed);

		await().untilAsserted(() -> assertThat(storedHash(username)).isNotEqualTo(typed));
		client.login(composed);
		client.login(decomposed);
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

		await()
			.untilAsserted(() -> assertThat(storedHash(user.username())).startsWith("$argon2id$v=19$m=7168,t=5,p=1$"));
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
