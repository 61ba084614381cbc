package dev.authflux.support;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * A request the service must refuse, and how it must refuse it.
 *
 * @param endpoint the endpoint it is aimed at, e.g. {@code POST /api/v1/users}
 * @param description what is wrong with it
 * @param method the method sent (not always the endpoint's)
 * @param path the path sent, already encoded
 * @param headers the headers sent
 * @param body the body, or {@code null} for none
 * @param chunked whether the body goes without {@code Content-Length}
 * @param refusal the answer the contract promises
 * @param secrets what the answer must never echo: passwords and tokens in the request
 */
public record BadRequest(String endpoint, String description, HttpMethod method, String path, HttpHeaders headers,
		byte[] body, boolean chunked, Refusal refusal, List<String> secrets) {

	/** A request to {@code method path} with no body, headers or secrets yet. */
	public static BadRequest to(String endpoint, String description, HttpMethod method, String path, Refusal refusal) {
		return new BadRequest(endpoint, description, method, path, new HttpHeaders(), null, false, refusal, List.of());
	}

	public BadRequest header(String name, String value) {
		HttpHeaders copy = new HttpHeaders();
		copy.addAll(this.headers);
		copy.add(name, value);
		return new BadRequest(this.endpoint, this.description, this.method, this.path, copy, this.body, this.chunked,
				this.refusal, this.secrets);
	}

	/** The same request, counted for another endpoint name. */
	public BadRequest forEndpoint(String endpoint) {
		return new BadRequest(endpoint, this.description, this.method, this.path, this.headers, this.body, this.chunked,
				this.refusal, this.secrets);
	}

	public BadRequest body(byte[] body, boolean chunked) {
		return new BadRequest(this.endpoint, this.description, this.method, this.path, this.headers, body, chunked,
				this.refusal, this.secrets);
	}

	public BadRequest secrets(String... secrets) {
		List<String> all = new ArrayList<>(this.secrets);
		all.addAll(List.of(secrets));
		return new BadRequest(this.endpoint, this.description, this.method, this.path, this.headers, this.body,
				this.chunked, this.refusal, List.copyOf(all));
	}

	@Override
	public String toString() {
		return this.description;
	}

}
