package dev.authflux.audit;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.ServerRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientAddressesTests {

	private final ClientAddresses behindProxies = new ClientAddresses(List.of("10.0.0.0/8", "192.0.2.1"));

	@Test
	void ofWhenNoProxyIsTrustedThenForwardedForIsIgnored() {
		ClientAddresses direct = new ClientAddresses(List.of());
		assertThat(direct.of(request("10.1.2.3", "203.0.113.9")).ip()).isEqualTo("10.1.2.3");
	}

	@Test
	void ofWhenPeerIsATrustedProxyThenTheFirstUntrustedHopFromTheRight() {
		assertThat(this.behindProxies.of(request("10.1.2.3", "198.51.100.1, 203.0.113.9, 192.0.2.1")).ip())
			.isEqualTo("203.0.113.9");
	}

	@Test
	void ofWhenPeerIsNotTrustedThenItIsTheClientWhateverTheHeaderSays() {
		assertThat(this.behindProxies.of(request("198.51.100.50", "203.0.113.9")).ip()).isEqualTo("198.51.100.50");
	}

	@Test
	void ofWhenAHopIsNotAnAddressThenTheWalkStopsAtTheProxyThatReportedIt() {
		assertThat(this.behindProxies.of(request("10.1.2.3", "203.0.113.9, evil.example.com")).ip())
			.isEqualTo("10.1.2.3");
	}

	@Test
	void ofCutsLongUserAgents() {
		MockServerHttpRequest request = MockServerHttpRequest.get("/")
			.remoteAddress(new InetSocketAddress("127.0.0.1", 1234))
			.header("User-Agent", "x".repeat(2000))
			.build();
		assertThat(this.behindProxies.of(serverRequest(request)).userAgent()).hasSize(ClientInfo.MAX_USER_AGENT_LENGTH);
	}

	@Test
	void trustedProxiesMustBeAddressesOrRanges() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddresses(List.of("proxy.example.com")));
	}

	private static ServerRequest request(String peer, String forwardedFor) {
		return serverRequest(MockServerHttpRequest.get("/")
			.remoteAddress(new InetSocketAddress(peer, 1234))
			.header(ClientAddresses.FORWARDED_FOR, forwardedFor)
			.build());
	}

	private static ServerRequest serverRequest(MockServerHttpRequest request) {
		return ServerRequest.create(MockServerWebExchange.from(request),
				HandlerStrategies.withDefaults().messageReaders());
	}

}
