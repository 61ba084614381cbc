package dev.authflux.client;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A token request whose client could not be authenticated (RFC 6749 §5.2): unknown,
 * disabled, a wrong secret, or a method other than the one it registered — one answer for
 * all of them, so that none is told apart. Or a request that authenticates in more than
 * one way at once, which is malformed rather than wrong.
 */
public class ClientAuthenticationException extends ApiException {

	private final boolean basicTried;

	private ClientAuthenticationException(HttpStatus status, String code, String description, boolean basicTried) {
		super(status, code, description);
		this.basicTried = basicTried;
	}

	/**
	 * 401 {@code invalid_client}, with a {@code Basic} challenge when the client tried
	 * HTTP Basic.
	 */
	static ClientAuthenticationException failed(boolean basicTried) {
		return new ClientAuthenticationException(HttpStatus.UNAUTHORIZED, "invalid_client",
				"Client authentication failed.", basicTried);
	}

	/** 400 {@code invalid_request}. */
	static ClientAuthenticationException malformed(String description) {
		return new ClientAuthenticationException(HttpStatus.BAD_REQUEST, "invalid_request", description, false);
	}

	@Override
	public void addHeaders(HttpHeaders headers) {
		if (this.basicTried) {
			headers.set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"authflux\"");
		}
	}

}
