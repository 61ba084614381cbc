package dev.authflux.support;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Clients that connect from loopback addresses other than 127.0.0.1 (all of 127/8 is
 * loopback on Linux), so that a test can be a client address of its own without trusting
 * any proxy header: the service sees it as the TCP peer.
 */
public final class Loopback {

	private static final AtomicInteger next = new AtomicInteger(2);

	private Loopback() {
	}

	/** A loopback address no other test of this run has used: 127.1.x.y. */
	public static String newAddress() {
		int n = next.getAndIncrement();
		return "127.1." + (n / 250) + "." + (1 + n % 250);
	}

	/**
	 * A client of the service at {@code baseUrl} whose connections come from
	 * {@code address}; {@code localhost} in the URL is taken as 127.0.0.1.
	 */
	public static WebTestClient client(String baseUrl, String address) {
		URI base = URI.create(baseUrl);
		HttpClient http = HttpClient.create().bindAddress(() -> new InetSocketAddress(address, 0));
		return WebTestClient.bindToServer(new ReactorClientHttpConnector(http))
			.baseUrl("http://127.0.0.1:" + base.getPort())
			.build();
	}

}
