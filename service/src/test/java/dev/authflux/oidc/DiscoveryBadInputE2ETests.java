package dev.authflux.oidc;

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
 * Bad requests to the discovery documents: each is refused as the contract promises and
 * writes nothing ({@link BadInputCheck}). UserInfo's bad input, answered in RFC 6750's
 * shape rather than as problem documents, is in {@link UserInfoTests}.
 */
@Tag("e2e")
class DiscoveryBadInputE2ETests extends ApplicationTest {

	@TestFactory
	Stream<DynamicContainer> discoveryRefusesBadInputAndWritesNothing() {
		return BadInputCheck.cases(this.http, baseUrl(),
				new BadInputFixtures(new AuthClient(this.http)).discoveryRequests());
	}

	@AfterAll
	static void writeSummary() throws IOException {
		BadInputCheck.writeSummary();
	}

}
