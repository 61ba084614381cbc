package dev.authflux.e2e;

import java.io.IOException;
import java.util.stream.Stream;

import dev.authflux.support.ApplicationTest;
import dev.authflux.support.BadInputCheck;
import dev.authflux.support.OAuthBadInputFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad requests to the token endpoint and the operators' client registry: each refused as
 * the contract promises, in the endpoint's error shape, never a 5xx, and writing nothing
 * ({@link BadInputCheck}).
 */
@Tag("e2e")
class OAuthBadInputE2ETests extends ApplicationTest {

	@TestFactory
	Stream<DynamicContainer> tokenEndpointRefusesBadInputAndWritesNothing() {
		return BadInputCheck.cases(this.http, baseUrl(), new OAuthBadInputFixtures(this.http).tokenRequests());
	}

	@TestFactory
	Stream<DynamicContainer> revocationEndpointRefusesBadInputAndWritesNothing() {
		return BadInputCheck.cases(this.http, baseUrl(), new OAuthBadInputFixtures(this.http).revocationRequests());
	}

	@TestFactory
	Stream<DynamicContainer> clientRegistryRefusesBadInputAndWritesNothing() {
		return BadInputCheck.cases(this.http, baseUrl(), new OAuthBadInputFixtures(this.http).registryRequests());
	}

	@AfterAll
	static void writeSummary() throws IOException {
		BadInputCheck.writeSummary();
	}

}
