package dev.authflux.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * What went wrong with a request, before it is rendered: an RFC 9457 problem document for
 * the API, or the original service's {@code {"errors": "..."}} body for its compatibility
 * endpoint.
 *
 * @param status the HTTP status
 * @param code the stable machine-readable code
 * @param detail a human-readable explanation that never echoes the request's secrets
 * @param properties extra members of the document
 * @param headers headers the response carries
 */
public record Problem(HttpStatus status, String code, String detail, Map<String, Object> properties,
		HttpHeaders headers) {

	/** Prefix of every problem {@code type}; the code completes it. */
	public static final String TYPE_PREFIX = "urn:authflux:problem:";

	/**
	 * The RFC 9457 document with {@code type}, {@code title}, {@code status} and
	 * {@code code}.
	 */
	public Map<String, Object> toDocument(String instance) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("type", TYPE_PREFIX + this.code);
		document.put("title", this.status.getReasonPhrase());
		document.put("status", this.status.value());
		document.put("code", this.code);
		document.put("detail", this.detail);
		document.put("instance", instance);
		document.putAll(this.properties);
		return document;
	}

}
