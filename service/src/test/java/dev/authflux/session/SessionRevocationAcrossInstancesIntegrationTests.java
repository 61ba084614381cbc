package dev.authflux.session;

import dev.authflux.support.AuthClient.Tokens;
import dev.authflux.support.TestUsers;
import dev.authflux.support.TwoInstanceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.awaitility.Awaitility.await;

/**
 * Two instances sharing one database, each remembering live sessions: whatever ends a
 * session on one, or in the database directly, ends it on the other too, although the
 * other had it cached.
 */
class SessionRevocationAcrossInstancesIntegrationTests extends TwoInstanceTest {

	@Autowired
	private DatabaseClient db;

	@Test
	void logoutHereEndsTheSessionThere() {
		Tokens tokens = this.here.registerAndLogin(TestUsers.unique("replica"));
		this.there.me(tokens.accessToken()).expectStatus().isOk();

		this.here.withToken("DELETE", "/api/v1/sessions/current", tokens.accessToken(), null)
			.expectStatus()
			.isNoContent();

		this.here.assertAccessTokenRejected(tokens.accessToken());
		await().untilAsserted(() -> this.there.assertAccessTokenRejected(tokens.accessToken()));
	}

	@Test
	void passwordChangeThereEndsTheOtherSessionsHere() {
		TestUsers.Credentials user = TestUsers.unique("replica");
		Tokens phone = this.here.registerAndLogin(user);
		Tokens laptop = this.there.login(user);
		this.here.me(phone.accessToken()).expectStatus().isOk();
		this.here.me(laptop.accessToken()).expectStatus().isOk();

		this.there
			.withToken("PUT", "/api/v1/users/me/password", laptop.accessToken(),
					"{\"current_password\":\"" + user.password() + "\",\"new_password\":\"another long password\"}")
			.expectStatus()
			.isNoContent();

		await().untilAsserted(() -> this.here.assertAccessTokenRejected(phone.accessToken()));
		this.here.me(laptop.accessToken()).expectStatus().isOk();
	}

	@Test
	void revocationWrittenStraightIntoTheDatabaseReachesBothInstances() {
		Tokens tokens = this.here.registerAndLogin(TestUsers.unique("operator"));
		this.here.me(tokens.accessToken()).expectStatus().isOk();
		this.there.me(tokens.accessToken()).expectStatus().isOk();

		this.db.sql("UPDATE sessions SET revoked_at = now(), revoke_reason = 'operator' WHERE id = :id::uuid")
			.bind("id", tokens.sessionId())
			.then()
			.block();

		await().untilAsserted(() -> this.here.assertAccessTokenRejected(tokens.accessToken()));
		await().untilAsserted(() -> this.there.assertAccessTokenRejected(tokens.accessToken()));
	}

}
