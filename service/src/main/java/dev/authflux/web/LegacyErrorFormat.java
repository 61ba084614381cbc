package dev.authflux.web;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * An error body other than a problem document, for endpoints whose existing clients
 * expect one (the original service's {@code POST /api/auth}). Status and headers stay
 * those of the {@link Problem}; only the body differs.
 */
public interface LegacyErrorFormat {

	boolean appliesTo(ServerHttpRequest request);

	Object body(Problem problem);

}
