package dev.authflux.web;

import java.util.List;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Renders every failure of the API as an RFC 9457 problem document
 * ({@code application/problem+json}). Ordered before Spring Boot's own error handler, so
 * no default error page, stack trace or exception message ever reaches a client.
 */
@Order(-2)
public class ProblemExceptionHandler implements WebExceptionHandler {

	private final Problems problems;

	private final JsonMapper jsonMapper;

	private final List<LegacyErrorFormat> legacyFormats;

	public ProblemExceptionHandler(Problems problems, JsonMapper jsonMapper, List<LegacyErrorFormat> legacyFormats) {
		this.problems = problems;
		this.jsonMapper = jsonMapper;
		this.legacyFormats = List.copyOf(legacyFormats);
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(failure);
		}
		Problem problem = this.problems.from(failure);
		for (LegacyErrorFormat format : this.legacyFormats) {
			if (format.appliesTo(exchange.getRequest())) {
				return write(exchange.getResponse(), problem, MediaType.APPLICATION_JSON, format.body(problem));
			}
		}
		Object document = problem.toDocument(exchange.getRequest().getPath().value());
		return write(exchange.getResponse(), problem, MediaType.APPLICATION_PROBLEM_JSON, document);
	}

	private Mono<Void> write(ServerHttpResponse response, Problem problem, MediaType contentType, Object body) {
		response.setStatusCode(problem.status());
		HttpHeaders headers = response.getHeaders();
		headers.addAll(problem.headers());
		headers.setContentType(contentType);
		headers.setCacheControl("no-store");
		byte[] bytes = this.jsonMapper.writeValueAsBytes(body);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(bytes)));
	}

}
