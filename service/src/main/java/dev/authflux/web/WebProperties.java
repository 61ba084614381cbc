package dev.authflux.web;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP-level limits and headers, bound from {@code authflux.web.*} (environment:
 * {@code AUTHFLUX_WEB_*}).
 *
 * @param maxBodySize the largest request body accepted; larger ones get 413
 * @param maxHeaderSize the most header bytes a request may carry; more get 431
 * @param requestTimeout the longest a request may take before it is answered 503
 * @param trustedProxies addresses or CIDR ranges of proxies whose {@code X-Forwarded-For}
 * is believed; none by default
 * @param hsts the {@code Strict-Transport-Security} header, off by default
 */
@ConfigurationProperties("authflux.web")
public record WebProperties(@DefaultValue("16KB") DataSize maxBodySize, @DefaultValue("8KB") DataSize maxHeaderSize,
		@DefaultValue("5s") Duration requestTimeout, @DefaultValue List<String> trustedProxies,
		@DefaultValue Hsts hsts) {

	/**
	 * HTTP Strict Transport Security (RFC 6797), for deployments whose clients reach the
	 * service through TLS terminated in front of it: the service cannot see that itself,
	 * so the operator turns the header on ({@code AUTHFLUX_WEB_HSTS_ENABLED}).
	 *
	 * @param enabled whether every response carries the header
	 * @param maxAge how long browsers keep to HTTPS for this host
	 * @param includeSubDomains whether that covers every subdomain too
	 */
	public record Hsts(@DefaultValue("false") boolean enabled, @DefaultValue("365d") Duration maxAge,
			@DefaultValue("false") boolean includeSubDomains) {

		public Hsts {
			if (maxAge.isNegative()) {
				throw new IllegalArgumentException("authflux.web.hsts.max-age must not be negative: " + maxAge);
			}
		}

		/** The header's value (RFC 6797 §6.1). */
		String headerValue() {
			return "max-age=" + this.maxAge.toSeconds() + (this.includeSubDomains ? "; includeSubDomains" : "");
		}

	}

}
