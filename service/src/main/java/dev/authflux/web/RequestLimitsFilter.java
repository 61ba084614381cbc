package dev.authflux.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The limits every request is held to before any feature sees it:
 * <ul>
 * <li>a declared {@code Content-Length} over the body limit is refused before any of it
 * is read (bodies without a length are cut off by the codecs' in-memory limit, set to the
 * same size); both end in 413;</li>
 * <li>headers over the header limit are refused with 431 (Netty's own, higher limit only
 * catches what is too large to parse at all);</li>
 * <li>a request that has not been answered within the request timeout is answered 503
 * {@code unavailable}, so a stuck database or a lost connection never leaves a client
 * hanging.</li>
 * </ul>
 */
public class RequestLimitsFilter implements WebFilter, Ordered {

	private final long maxBodyBytes;

	private final long maxHeaderBytes;

	private final Duration requestTimeout;

	private final RequestDeadlines deadlines;

	public RequestLimitsFilter(WebProperties properties, RequestDeadlines deadlines) {
		this.maxBodyBytes = properties.maxBodySize().toBytes();
		this.maxHeaderBytes = properties.maxHeaderSize().toBytes();
		this.requestTimeout = properties.requestTimeout();
		this.deadlines = deadlines;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		if (headers.getContentLength() > this.maxBodyBytes) {
			return Mono.error(new PayloadTooLargeException(this.maxBodyBytes));
		}
		if (headerBytes(headers) > this.maxHeaderBytes) {
			return Mono.error(new HeadersTooLargeException(this.maxHeaderBytes));
		}
		return chain.filter(exchange)
			.timeout(this.deadlines.after(this.requestTimeout), Mono.error(ServiceUnavailableException::unavailable));
	}

	private static long headerBytes(HttpHeaders headers) {
		long total = 0;
		for (Map.Entry<String, List<String>> header : headers.headerSet()) {
			for (String value : header.getValue()) {
				total += header.getKey().length() + value.length() + 4;
			}
		}
		return total;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
