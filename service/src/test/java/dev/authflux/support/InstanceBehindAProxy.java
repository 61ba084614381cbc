package dev.authflux.support;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * An {@link OtherInstance} that trusts this JVM as its proxy, so that each test can speak
 * for client addresses of its own through {@code X-Forwarded-For}: never as 127.0.0.1,
 * whose failures the rest of the suite shares.
 */
public final class InstanceBehindAProxy implements AutoCloseable {

	// One sequence for the run: the per-network counts live in the shared database.
	private static final AtomicInteger networks = new AtomicInteger(1);

	private final OtherInstance instance;

	private InstanceBehindAProxy(OtherInstance instance) {
		this.instance = instance;
	}

	/**
	 * @param settings extra application properties, {@code name=value}
	 */
	public static InstanceBehindAProxy start(String... settings) {
		return new InstanceBehindAProxy(OtherInstance
			.start(Stream.concat(Stream.of("authflux.web.trusted-proxies=127.0.0.1,::1"), Stream.of(settings))
				.toArray(String[]::new)));
	}

	/** A client address no other test of this run has used, an IPv4 one of TEST-NET-3. */
	public static String newNetwork() {
		int n = networks.getAndIncrement();
		return "203.0." + (113 + n / 250) + "." + (1 + n % 250);
	}

	/**
	 * The number {@link #newNetwork()} would use next, for address schemes of a test's
	 * own.
	 */
	public static int newNetworkNumber() {
		return networks.getAndIncrement();
	}

	public WebTestClient http(String network) {
		return this.instance.http().mutate().defaultHeader("X-Forwarded-For", network).build();
	}

	public AuthClient client(String network) {
		return new AuthClient(http(network));
	}

	public OtherInstance instance() {
		return this.instance;
	}

	@Override
	public void close() {
		this.instance.close();
	}

}
