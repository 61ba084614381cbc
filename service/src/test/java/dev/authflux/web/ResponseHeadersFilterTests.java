package dev.authflux.web;

import dev.authflux.support.TestProperties;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponseHeadersFilterTests {

	@Test
	void filterWhenHstsIsOffThenNoStrictTransportSecurity() {
		assertThat(strictTransportSecurity()).isNull();
	}

	@Test
	void filterWhenHstsIsOnThenMaxAgeInSecondsAndSubdomainsAsConfigured() {
		assertThat(strictTransportSecurity("enabled=true", "max-age=1h")).isEqualTo("max-age=3600");
		assertThat(strictTransportSecurity("enabled=true", "max-age=0s", "include-sub-domains=true"))
			.isEqualTo("max-age=0; includeSubDomains");
	}

	@Test
	void bindWhenMaxAgeIsNegativeThenRefusedAtStart() {
		assertThatThrownBy(() -> hsts("enabled=true", "max-age=-1s"))
			.hasRootCauseInstanceOf(IllegalArgumentException.class);
	}

	private static String strictTransportSecurity(String... settings) {
		ResponseHeadersFilter filter = new ResponseHeadersFilter(hsts(settings));
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/users/me"));
		filter.filter(exchange, (chained) -> chained.getResponse().setComplete()).block();
		return exchange.getResponse().getHeaders().getFirst("Strict-Transport-Security");
	}

	private static WebProperties.Hsts hsts(String... settings) {
		return TestProperties.bind("authflux.web.hsts", WebProperties.Hsts.class, settings);
	}

}
