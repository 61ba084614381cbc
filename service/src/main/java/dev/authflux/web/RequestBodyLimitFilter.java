package dev.authflux.web;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses a request whose declared {@code Content-Length} is over the limit before any of
 * it is read. Bodies without a length (chunked) are cut off by the codecs' in-memory
 * limit instead, set to the same size; both end in 413.
 */
public class RequestBodyLimitFilter implements WebFilter {

	private final long maxBodyBytes;

	public RequestBodyLimitFilter(long maxBodyBytes) {
		this.maxBodyBytes = maxBodyBytes;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long length = exchange.getRequest().getHeaders().getContentLength();
		if (length > this.maxBodyBytes) {
			return Mono.error(new PayloadTooLargeException(this.maxBodyBytes));
		}
		return chain.filter(exchange);
	}

}
