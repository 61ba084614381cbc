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
 * Bad requests to the original service's {@code POST /api/auth}, answered in its own
 * error format: each is refused as the contract promises and writes nothing
 * ({@link BadInputCheck}).
 */
@Tag("e2e")
class CompatBadInputE2ETests extends ApplicationTest {

	@TestFactory
	Stream<DynamicContainer> compatEndpointRefusesBadInputAndWritesNothing() {
		return BadInputCheck.cases(this.http, baseUrl(),
				new BadInputFixtures(new AuthClient(this.http)).compatRequests());
	}

	@AfterAll
	static void writeSummary() throws IOException {
		BadInputCheck.writeSummary();
	}

}
