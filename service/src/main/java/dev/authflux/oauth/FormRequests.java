package dev.authflux.oauth;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.util.MultiValueMap;

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
	/**
	 * The form of a token or revocation request, or invalid_request if it is not one or
	 * repeats one of the single parameters (RFC 6749 §3.2, RFC 7009 §2.1).
	 */
	static Mono<MultiValueMap<String, String>> read(ServerRequest request, List<String> singleParameters) {
		return Mono.defer(() -> {
			if (!isForm(request)) {
				return Mono.error(
						TokenRequestException.invalidRequest("The request must be application/x-www-form-urlencoded."));
			}
			// A broken percent-escape or an unknown charset fails the form reader.
			return request.formData()
				.onErrorMap(IllegalArgumentException.class,
						(ex) -> TokenRequestException.invalidRequest("The request body is not a valid form."));
		}).flatMap((form) -> {
			for (String parameter : singleParameters) {
				List<String> values = form.get(parameter);
				if (values != null && values.size() > 1) {
					return Mono.error(TokenRequestException.invalidRequest(parameter + " was sent more than once."));
				}
			}
			return Mono.just(form);
		});
	}

	/** RFC 6749 §3.1: a parameter sent without a value is treated as omitted. */
	static String nonEmpty(String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

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
