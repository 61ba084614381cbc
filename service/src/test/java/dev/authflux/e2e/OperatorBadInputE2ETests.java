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
 * Bad requests to the operator's endpoints: wrong client credentials, malformed or
 * unknown user ids, unusable lookups: each is refused as the contract promises and writes
 * nothing ({@link BadInputCheck}).
 */
@Tag("e2e")
class OperatorBadInputE2ETests extends ApplicationTest {

	@TestFactory
	Stream<DynamicContainer> operatorEndpointsRefuseBadInputAndWriteNothing() {
		return BadInputCheck.cases(this.http, baseUrl(),
				new BadInputFixtures(new AuthClient(this.http)).operatorRequests());
	}

	@AfterAll
	static void writeSummary() throws IOException {
		BadInputCheck.writeSummary();
	}

}
