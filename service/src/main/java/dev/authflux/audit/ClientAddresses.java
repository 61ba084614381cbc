package dev.authflux.audit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Who is on the other end of a request: the address recorded with sessions and audit
 * events, and the one brute-force throttling counts per.
 *
 * <p>
 * {@code X-Forwarded-For} is anyone's to write, so it is read only when the peer is a
 * configured trusted proxy ({@code AUTHFLUX_WEB_TRUSTED_PROXIES}), and then from the
 * right: each trusted hop vouches for the address to its left, and the first address that
 * is not a trusted proxy is the client. Entries must be IP literals; anything else ends
 * the walk (no name is ever looked up).
 */
public class ClientAddresses {

	static final String FORWARDED_FOR = "X-Forwarded-For";

	private final List<IpSubnetFilterRule> trustedProxies;

	public ClientAddresses(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies.stream().map(ClientAddresses::rule).toList();
	}

	private static IpSubnetFilterRule rule(String proxy) {
		String[] parts = proxy.trim().split("/", 2);
		InetAddress address = literal(parts[0]);
		if (address == null) {
			throw new IllegalArgumentException("Not an IP address or CIDR range: " + proxy);
		}
		int bits = (address.getAddress().length == 4) ? 32 : 128;
		int prefix = (parts.length == 2) ? Integer.parseInt(parts[1]) : bits;
		return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
	}

	public ClientInfo of(ServerRequest request) {
		InetAddress peer = request.remoteAddress().map(InetSocketAddress::getAddress).orElse(null);
		String userAgent = request.headers().firstHeader(HttpHeaders.USER_AGENT);
		if (userAgent != null && userAgent.length() > ClientInfo.MAX_USER_AGENT_LENGTH) {
			userAgent = userAgent.substring(0, ClientInfo.MAX_USER_AGENT_LENGTH);
		}
		InetAddress client = clientBehind(peer, request.headers().header(FORWARDED_FOR));
		return new ClientInfo((client != null) ? client.getHostAddress() : null, userAgent);
	}

	private InetAddress clientBehind(InetAddress peer, List<String> forwardedFor) {
		InetAddress client = peer;
		if (this.trustedProxies.isEmpty() || forwardedFor.isEmpty()) {
			return client;
		}
		List<String> hops = new ArrayList<>();
		for (String header : forwardedFor) {
			for (String hop : header.split(",")) {
				hops.add(hop.trim());
			}
		}
		for (int i = hops.size() - 1; i >= 0 && client != null && isTrusted(client); i--) {
			InetAddress previous = literal(hops.get(i));
			if (previous == null) {
				break;
			}
			client = previous;
		}
		return client;
	}

	private boolean isTrusted(InetAddress address) {
		InetSocketAddress socket = new InetSocketAddress(address, 0);
		return this.trustedProxies.stream().anyMatch((rule) -> rule.matches(socket));
	}

	private static InetAddress literal(String text) {
		return NetUtil.createInetAddressFromIpAddressString(text);
	}

}
