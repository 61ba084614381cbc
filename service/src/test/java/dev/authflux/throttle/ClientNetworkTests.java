package dev.authflux.throttle;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientNetworkTests {

	@Test
	void anIpv4AddressIsItsOwnNetwork() {
		assertThat(ClientNetwork.of("203.0.113.7")).isEqualTo("net:203.0.113.7");
		assertThat(ClientNetwork.of("203.0.113.8")).isNotEqualTo(ClientNetwork.of("203.0.113.7"));
	}

	@Test
	void everyAddressOfAnIpv6Slash64IsOneNetwork() {
		String network = ClientNetwork.of("2001:db8:1:2::1");
		assertThat(ClientNetwork.of("2001:db8:1:2:ffff:ffff:ffff:ffff")).isEqualTo(network);
		assertThat(ClientNetwork.of("2001:0db8:0001:0002:0:0:0:42")).isEqualTo(network);
		assertThat(ClientNetwork.of("2001:db8:1:3::1")).isNotEqualTo(network);
		assertThat(network).isEqualTo("net:2001:db8:1:2::/64");
	}

	@Test
	void anUnknownOrUnparsableAddressIsCountedAsOneNetwork() {
		assertThat(ClientNetwork.of(null)).isEqualTo("net:unknown");
		assertThat(ClientNetwork.of("not an address")).isEqualTo("net:unknown");
	}

}
