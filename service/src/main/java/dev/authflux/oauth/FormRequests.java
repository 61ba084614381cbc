package dev.authflux.oauth;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;

/** What the OAuth endpoints taking a form body ask of a request before reading it. */
final class FormRequests {

	private FormRequests() {
	}

	/**
	 * Whether the request says its body is {@code application/x-www-form-urlencoded}; an
	 * unparsable {@code Content-Type} says nothing.
	 */
	static boolean isForm(ServerRequest request) {
		MediaType contentType;
		try {
			contentType = request.headers().contentType().orElse(null);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		return contentType != null && MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(contentType);
	}

}
