package dev.authflux.web;

import java.util.List;

import jakarta.validation.Validator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The HTTP plumbing every feature shares: error rendering, body limits, JSON reading. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	Problems problems(WebProperties properties) {
		return new Problems(properties.maxBodySize().toBytes());
	}

	@Bean
	ProblemExceptionHandler problemExceptionHandler(Problems problems, JsonMapper jsonMapper,
			List<LegacyErrorFormat> legacyFormats) {
		return new ProblemExceptionHandler(problems, jsonMapper, legacyFormats);
	}

	@Bean
	RequestDeadlines requestDeadlines() {
		return new RequestDeadlines();
	}

	@Bean
	RequestLimitsFilter requestLimitsFilter(WebProperties properties, RequestDeadlines deadlines) {
		return new RequestLimitsFilter(properties, deadlines);
	}

	@Bean
	ResponseHeadersFilter responseHeadersFilter(WebProperties properties) {
		return new ResponseHeadersFilter(properties.hsts());
	}

	@Bean
	JsonRequests jsonRequests(Validator validator) {
		return new JsonRequests(validator);
	}

}
