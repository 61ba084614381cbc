package dev.authflux.throttle;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

import io.netty.util.NetUtil;

/**
 * The network a client address belongs to, as throttling counts it: an IPv4 address is
 * its own network; an IPv6 address counts as its /64, since one subscriber is routinely
 * given a whole /64 and could otherwise rotate addresses inside it for fresh counters.
 */
public final class ClientNetwork {

	/** Stands in for a client whose address is unknown, so that it is still counted. */
	static final String UNKNOWN = "net:unknown";

	private ClientNetwork() {
	}

	/** The key of {@code ip}'s network, {@code net:...}; {@code ip} may be null. */
	public static String of(String ip) {
		InetAddress address = (ip != null) ? NetUtil.createInetAddressFromIpAddressString(ip) : null;
		if (address == null) {
			return UNKNOWN;
		}
		if (address instanceof Inet6Address) {
			byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
			Arrays.fill(prefix, 8, 16, (byte) 0);
			return "net:" + NetUtil.bytesToIpAddress(prefix) + "/64";
		}
		return "net:" + address.getHostAddress();
	}

}
