package dev.authflux.login;

import java.nio.charset.StandardCharsets;

import dev.authflux.web.Problem;
import dev.authflux.web.Problems;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Failures on the login pages' paths ({@code /}, {@code /login}, {@code /logout},
 * {@code /oauth2/logout} and below them) as HTML pages, with the status and headers the
 * API's problem document would have ({@code Allow}, {@code Retry-After}) but without its
 * JSON: a person is reading. Ordered before the API's {@code ProblemExceptionHandler};
 * other paths pass on to it. As there, a server error shows a fixed sentence and is
 * logged, never shown.
 */
@Component
@Order(-3)
class LoginErrorPages implements WebExceptionHandler {

	private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

	private final Problems problems;

	LoginErrorPages(Problems problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (exchange.getResponse().isCommitted() || !isPage(path)) {
			return Mono.error(failure);
		}
		Problem problem = this.problems.from(failure);
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(problem.status());
		HttpHeaders headers = response.getHeaders();
		headers.addAll(problem.headers());
		headers.setContentType(HTML);
		Pages.addHeaders(headers);
		String message = problem.status().is5xxServerError() ? serverError(problem) : problem.detail();
		byte[] page = Pages.error(problem.status().getReasonPhrase(), message).getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(page)));
	}

	private static String serverError(Problem problem) {
		return (problem.status().value() == 503) ? "The service is busy or unavailable. Please try again shortly."
				: "Something went wrong on our side. Please try again.";
	}

	static boolean isPage(String path) {
		return path.equals(LoginRoutes.HOME) || under(path, LoginRoutes.LOGIN) || under(path, LoginRoutes.LOGOUT)
				|| under(path, LoginRoutes.END_SESSION);
	}

	private static boolean under(String path, String page) {
		return path.equals(page) || path.startsWith(page + "/");
	}

}
