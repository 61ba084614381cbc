package dev.authflux.web;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Headers every response carries: {@code X-Content-Type-Options: nosniff}, so no browser
 * reads a JSON body as anything else, and, on the API, {@code Cache-Control: no-store}
 * unless the handler chose otherwise: its answers are about one caller (RFC 6749 §5.1
 * requires it for those that carry tokens). JWKS sets its own, public caching. When the
 * operator turns it on, {@code Strict-Transport-Security} too (see
 * {@link WebProperties.Hsts}).
 */
public class ResponseHeadersFilter implements WebFilter, Ordered {

	private static final String API = "/api/";

	private static final String NO_STORE = CacheControl.noStore().getHeaderValue();

	private static final String STRICT_TRANSPORT_SECURITY = "Strict-Transport-Security";

	/** The header's value, or null when it is off. */
	private final String strictTransportSecurity;

	public ResponseHeadersFilter(WebProperties.Hsts hsts) {
		this.strictTransportSecurity = hsts.enabled() ? hsts.headerValue() : null;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		boolean api = exchange.getRequest().getPath().pathWithinApplication().value().startsWith(API);
		exchange.getResponse().beforeCommit(() -> {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			headers.set("X-Content-Type-Options", "nosniff");
			if (this.strictTransportSecurity != null) {
				headers.set(STRICT_TRANSPORT_SECURITY, this.strictTransportSecurity);
			}
			if (api && !headers.containsHeader(HttpHeaders.CACHE_CONTROL)) {
				headers.setCacheControl(NO_STORE);
			}
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
