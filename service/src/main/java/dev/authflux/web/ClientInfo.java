package dev.authflux.web;

import java.net.InetSocketAddress;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Who is on the other end of a request, as recorded with each session: the peer address
 * and the {@code User-Agent}, cut to a bounded length.
 *
 * @param ip the peer's IP address, or {@code null} if unknown
 * @param userAgent the user agent, or {@code null} if none was sent
 */
public record ClientInfo(String ip, String userAgent) {

	static final int MAX_USER_AGENT_LENGTH = 512;

	public static ClientInfo of(ServerRequest request) {
		String ip = request.remoteAddress().map(ClientInfo::hostAddress).orElse(null);
		String userAgent = request.headers().firstHeader(HttpHeaders.USER_AGENT);
		if (userAgent != null && userAgent.length() > MAX_USER_AGENT_LENGTH) {
			userAgent = userAgent.substring(0, MAX_USER_AGENT_LENGTH);
		}
		return new ClientInfo(ip, userAgent);
	}

	private static String hostAddress(InetSocketAddress address) {
		return (address.getAddress() != null) ? address.getAddress().getHostAddress() : address.getHostString();
	}

}
