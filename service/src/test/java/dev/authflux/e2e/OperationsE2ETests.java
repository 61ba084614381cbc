package dev.authflux.e2e;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;

import dev.authflux.support.ApplicationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What an orchestrator, a metrics scraper and an outsider see: liveness and readiness on
 * the public port, metrics and every other actuator endpoint only on the management port,
 * which listens on loopback alone unless configured otherwise.
 */
@Tag("e2e")
class OperationsE2ETests extends ApplicationTest {

	@LocalServerPort
	private int publicPort;

	@LocalManagementPort
	private int managementPort;

	private WebTestClient management;

	@BeforeEach
	void connectToTheManagementPort() {
		this.management = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.managementPort).build();
	}

	@Test
	void livenessAndReadinessAreUpWithTheDatabaseOnThePublicPort() {
		for (String probe : List.of("/livez", "/readyz")) {
			assertUp(this.http, probe);
		}
	}

	@Test
	void anOutsiderFindsNoMetricsOrActuatorOnThePublicPort() {
		for (String path : List.of("/actuator/prometheus", "/actuator", "/actuator/health",
				"/actuator/health/readiness", "/actuator/env", "/actuator/metrics")) {
			this.http.get()
				.uri(path)
				.exchange()
				.expectStatus()
				.isNotFound()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("not_found");
		}
	}

	@Test
	void prometheusExposesHttpMetricsOnTheManagementPort() {
		this.http.get().uri("/livez").exchange().expectStatus().isOk();
		this.management.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("http_server_requests_seconds")
				.contains("jvm_memory_used_bytes"));
		assertUp(this.management, "/actuator/health/readiness");
	}

	private static void assertUp(WebTestClient client, String probe) {
		client.get().uri(probe).exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
	}

	/**
	 * From another address of this machine, as a client on the network reaches it, the
	 * public port answers and the management port refuses the connection.
	 */
	@Test
	void theManagementPortIsNotReachableFromTheNetwork() throws IOException {
		InetAddress external = nonLoopbackAddress();
		assumeTrue(external != null, "this machine has a network address besides loopback");
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(external, this.publicPort), 2000);
		}
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(external, this.managementPort), 2000);
			}
		});
	}

	private static InetAddress nonLoopbackAddress() throws SocketException {
		return NetworkInterface.networkInterfaces()
			.filter((network) -> isUp(network))
			.flatMap(NetworkInterface::inetAddresses)
			.filter((address) -> address instanceof Inet4Address && !address.isLoopbackAddress())
			.findFirst()
			.orElse(null);
	}

	private static boolean isUp(NetworkInterface network) {
		try {
			return network.isUp() && !network.isLoopback();
		}
		catch (SocketException ex) {
			return false;
		}
	}

}
