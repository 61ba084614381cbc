package dev.authflux.audit;

/**
 * Who is on the other end of a request, as recorded with each session and audit event:
 * the client's IP address (see {@link ClientAddresses}) and its {@code User-Agent}, cut
 * to a bounded length.
 *
 * @param ip the client's IP address, or {@code null} if unknown
 * @param userAgent the user agent, or {@code null} if none was sent
 */
public record ClientInfo(String ip, String userAgent) {

	static final int MAX_USER_AGENT_LENGTH = 512;

}
