package dev.authflux.client;

import java.util.Map;

import dev.authflux.web.ApiException;

import org.springframework.http.HttpStatus;

/**
 * Client metadata an operator sent that a client cannot be registered with (RFC 7591
 * §3.2.2). The problem document carries RFC 7591's own members, {@code error} and
 * {@code error_description}, next to {@code code}, so that both kinds of client read it.
 */
public class InvalidClientMetadataException extends ApiException {

	InvalidClientMetadataException(String error, String description) {
		super(HttpStatus.BAD_REQUEST, error, description);
	}

	/**
	 * A redirect URI that is not absolute https (or loopback http), or has a fragment.
	 */
	static InvalidClientMetadataException redirectUri(String description) {
		return new InvalidClientMetadataException("invalid_redirect_uri", description);
	}

	/** Any other metadata value that is missing, malformed or inconsistent. */
	static InvalidClientMetadataException metadata(String description) {
		return new InvalidClientMetadataException("invalid_client_metadata", description);
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("error", code(), "error_description", getMessage());
	}

}
