package dev.authflux.web;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

import java.util.Map;

/**
 * Turns any failure into a {@link Problem}: the API's own exceptions as they declare,
 * framework errors (no route, wrong method, bad body) by their status, an unreachable
 * database as 503, and anything else as a 500 whose cause is logged here but never shown
 * to the client.
 */
public final class Problems {

	private static final Log logger = LogFactory.getLog(Problems.class);

	private final long maxBodyBytes;

	public Problems(long maxBodyBytes) {
		this.maxBodyBytes = maxBodyBytes;
	}

	public Problem from(Throwable failure) {
		if (failure instanceof ApiException api) {
			return fromApiException(api);
		}
		if (causedBy(failure, DataBufferLimitException.class)) {
			return fromApiException(new PayloadTooLargeException(this.maxBodyBytes));
		}
		if (isDatabaseUnavailable(failure)) {
			return fromApiException(ServiceUnavailableException.unavailable());
		}
		if (failure instanceof ResponseStatusException status) {
			return fromResponseStatus(status);
		}
		if (causedBy(failure, InvalidMediaTypeException.class)) {
			// A Content-Type that does not parse, or names an unknown charset.
			return fromResponseStatus(new UnsupportedMediaTypeStatusException("Invalid Content-Type"));
		}
		logger.error("Unexpected failure while handling a request", failure);
		return new Problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "An unexpected error occurred.",
				Map.of(), HttpHeaders.EMPTY);
	}

	private Problem fromApiException(ApiException api) {
		HttpHeaders headers = new HttpHeaders();
		api.addHeaders(headers);
		return new Problem(api.status(), api.code(), api.getMessage(), api.properties(), headers);
	}

	private Problem fromResponseStatus(ResponseStatusException exception) {
		HttpStatus status = HttpStatus.resolve(exception.getStatusCode().value());
		if (status == null) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		HttpHeaders headers = new HttpHeaders();
		headers.addAll(exception.getHeaders());
		return new Problem(status, codeFor(exception, status.value()), detailFor(exception, status), Map.of(), headers);
	}

	private static String codeFor(ResponseStatusException exception, int status) {
		if (exception instanceof MethodNotAllowedException) {
			return "method_not_allowed";
		}
		if (exception instanceof UnsupportedMediaTypeStatusException) {
			return "unsupported_media_type";
		}
		if (exception instanceof ServerWebInputException) {
			return "malformed_request";
		}
		return switch (status) {
			case 400 -> "malformed_request";
			case 404 -> "not_found";
			case 405 -> "method_not_allowed";
			case 406 -> "not_acceptable";
			case 413 -> "payload_too_large";
			case 415 -> "unsupported_media_type";
			default -> HttpStatusCode.valueOf(status).is5xxServerError() ? "internal_error" : "bad_request";
		};
	}

	/**
	 * Framework messages can quote the request (a JSON parser echoes the input), so only
	 * fixed sentences go back to the client.
	 */
	private static String detailFor(ResponseStatusException exception, HttpStatus status) {
		if (exception instanceof MethodNotAllowedException notAllowed) {
			return "This resource supports " + notAllowed.getSupportedMethods() + ".";
		}
		if (exception instanceof UnsupportedMediaTypeStatusException) {
			return "The request's content type is not supported here.";
		}
		if (exception instanceof ServerWebInputException) {
			return "The request body is not valid JSON.";
		}
		if (status == HttpStatus.NOT_FOUND) {
			return "No resource at this path.";
		}
		return status.getReasonPhrase() + ".";
	}

	private static boolean isDatabaseUnavailable(Throwable failure) {
		return causedBy(failure, DataAccessResourceFailureException.class)
				|| causedBy(failure, TransientDataAccessException.class)
				|| causedBy(failure, io.r2dbc.spi.R2dbcNonTransientResourceException.class)
				|| causedBy(failure, io.r2dbc.spi.R2dbcTransientResourceException.class)
				|| causedBy(failure, ConnectException.class) || causedBy(failure, TimeoutException.class);
	}

	private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return true;
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return false;
	}

}
