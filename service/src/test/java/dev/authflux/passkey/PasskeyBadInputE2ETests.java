package dev.authflux.passkey;

import java.io.IOException;
import java.util.stream.Stream;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.AuthClient;
import dev.authflux.support.BadInputCheck;
import dev.authflux.support.BadInputFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad requests to the passkey endpoints: bodies that are no credential, credentials that
 * answer no challenge of ours, dead and forged tokens, passkey ids that are not the
 * caller's. Each is refused as the contract promises and writes nothing
 * ({@link BadInputCheck}).
 */
@Tag("e2e")
class PasskeyBadInputE2ETests extends ApplicationTest {

	@TestFactory
	Stream<DynamicContainer> passkeyEndpointsRefuseBadInputAndWriteNothing() {
		return BadInputCheck.cases(this.http, baseUrl(),
				new BadInputFixtures(new AuthClient(this.http)).passkeyRequests());
	}

	@AfterAll
	static void writeSummary() throws IOException {
		BadInputCheck.writeSummary();
	}

}
