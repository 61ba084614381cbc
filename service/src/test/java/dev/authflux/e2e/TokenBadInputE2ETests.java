package dev.authflux.e2e;

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
 * Bad requests to introspection (client credentials, forms, dead and forged tokens) and
 * to the public keys: each is refused as the contract promises and writes nothing
 * ({@link BadInputCheck}).
 */
@Tag("e2e")
class TokenBadInputE2ETests extends ApplicationTest {

	@TestFactory
	Stream<DynamicContainer> tokenEndpointsRefuseBadInputAndWriteNothing() {
		return BadInputCheck.cases(this.http, baseUrl(),
				new BadInputFixtures(new AuthClient(this.http)).tokenRequests());
	}

	@AfterAll
	static void writeSummary() throws IOException {
		BadInputCheck.writeSummary();
	}

}
