package dev.authflux.web;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP-level limits, bound from {@code authflux.web.*} (environment:
 * {@code AUTHFLUX_WEB_*}).
 *
 * @param maxBodySize the largest request body accepted; larger ones get 413
 * @param maxHeaderSize the most header bytes a request may carry; more get 431
 * @param requestTimeout the longest a request may take before it is answered 503
 * @param trustedProxies addresses or CIDR ranges of proxies whose {@code X-Forwarded-For}
 * is believed; none by default
 */
@ConfigurationProperties("authflux.web")
public record WebProperties(@DefaultValue("16KB") DataSize maxBodySize, @DefaultValue("8KB") DataSize maxHeaderSize,
		@DefaultValue("5s") Duration requestTimeout, @DefaultValue( {
		}) List<String> trustedProxies){
}
