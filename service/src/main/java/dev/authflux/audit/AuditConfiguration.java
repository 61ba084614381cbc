package dev.authflux.audit;

import dev.authflux.web.WebProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who the client is, for the sessions and audit events that record it. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	@Bean
	ClientAddresses clientAddresses(WebProperties properties) {
		return new ClientAddresses(properties.trustedProxies());
	}

}
