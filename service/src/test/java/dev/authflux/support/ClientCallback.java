package dev.authflux.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.util.MultiValueMap;

/**
 * A client's redirect URI on another origin than the service: a JDK HTTP server on
 * {@code http://127.0.0.1:<port>/callback} that answers a small page and records each
 * query it receives, so that a browser test sees what the client would; and a page of the
 * client with a link to the service ({@link #linkTo}). One per test class
 * ({@code @RegisterExtension static ClientCallback callback = new ClientCallback();}).
 */
public final class ClientCallback implements BeforeAllCallback, AfterAllCallback {

	private final BlockingQueue<URI> received = new LinkedBlockingQueue<>();

	private HttpServer server;

	@Override
	public void beforeAll(ExtensionContext context) {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/callback", (exchange) -> {
			this.received.add(exchange.getRequestURI());
			byte[] page = "<!DOCTYPE html><title>client</title><h1 id=\"client-callback\">Back at the client</h1>"
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, page.length);
			exchange.getResponseBody().write(page);
			exchange.close();
		});
		this.server.createContext("/start", (exchange) -> {
			String to = CodeFlows.params(exchange.getRequestURI()).getFirst("to");
			byte[] page = ("<!DOCTYPE html><title>client</title><a id=\"start\" href=\""
					+ to.replace("&", "&amp;").replace("\"", "&quot;") + "\">Sign in</a>")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, page.length);
			exchange.getResponseBody().write(page);
			exchange.close();
		});
		this.server.start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	/** The redirect URI to register: another origin than the service's. */
	public String uri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/callback";
	}

	/**
	 * A page of the client with a link ({@code id="start"}) to {@code url}: following it,
	 * the browser arrives from another site, as from a real client.
	 */
	public String linkTo(String url) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/start?to="
				+ URLEncoder.encode(url, StandardCharsets.UTF_8);
	}

	/** Forgets what earlier tests left. */
	public void clear() {
		this.received.clear();
	}

	/**
	 * The decoded query of the next request the client receives; fails if none comes
	 * within {@code timeout} (the browser was stopped on the way).
	 */
	public MultiValueMap<String, String> next(Duration timeout) {
		try {
			URI uri = this.received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (uri == null) {
				throw new AssertionError("The client's redirect URI received nothing within " + timeout);
			}
			return CodeFlows.params(uri);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
