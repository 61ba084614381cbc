package dev.authflux.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of the test database that a test can cut. {@link #stop()} closes
 * the listening socket and resets every open connection, as a database host that died or
 * a network partition would: the service's pooled connections break at once, and new ones
 * are refused. {@link #start()} listens again on the same port.
 *
 * <p>
 * Plain blocking sockets, two threads per connection: simple, and the service under test
 * sees nothing but bytes.
 */
public final class DatabaseProxy implements AutoCloseable {

	private final InetSocketAddress database;

	private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

	private int port;

	private ServerSocket listening;

	private DatabaseProxy(InetSocketAddress database) {
		this.database = database;
	}

	/** A running proxy to the test database, on a free port of the loopback address. */
	public static DatabaseProxy toTestDatabase() {
		Map<String, Object> database = TestDatabase.shared().properties();
		DatabaseProxy proxy = new DatabaseProxy(new InetSocketAddress((String) database.get("AUTHFLUX_DB_HOST"),
				(Integer) database.get("AUTHFLUX_DB_PORT")));
		proxy.start();
		return proxy;
	}

	public int port() {
		return this.port;
	}

	/** Listens (again) on the proxy's port. */
	public synchronized void start() {
		try {
			ServerSocket server = new ServerSocket();
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
			this.port = server.getLocalPort();
			this.listening = server;
			daemon("db-proxy-accept", () -> accept(server));
		}
		catch (IOException ex) {
			throw new IllegalStateException("The proxy could not listen on port " + this.port, ex);
		}
	}

	/** Refuses new connections and resets every open one. */
	public synchronized void stop() {
		try {
			this.listening.close();
			this.listening = null;
		}
		catch (IOException ex) {
			// Closed either way.
		}
		this.connections.forEach(DatabaseProxy::reset);
	}

	@Override
	public void close() {
		stop();
	}

	private void accept(ServerSocket server) {
		while (!server.isClosed()) {
			Socket client;
			try {
				client = server.accept();
			}
			catch (IOException ex) {
				return;
			}
			Socket upstream = new Socket();
			synchronized (this) {
				if (this.listening != server) {
					// Accepted just as stop() reset the others: this one must not
					// survive.
					reset(client);
					return;
				}
				this.connections.add(client);
				this.connections.add(upstream);
			}
			try {
				upstream.connect(this.database, 3000);
			}
			catch (IOException ex) {
				reset(client);
				reset(upstream);
				continue;
			}
			daemon("db-proxy-up", () -> pump(client, upstream));
			daemon("db-proxy-down", () -> pump(upstream, client));
		}
	}

	/** Copies bytes one way until either side ends, then ends both. */
	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// A reset, or the other pump closed the sockets.
		}
		finally {
			reset(from);
			reset(to);
		}
	}

	/** Closes with an RST rather than a FIN, as a dead peer's host would answer. */
	private static void reset(Socket socket) {
		try {
			if (!socket.isClosed()) {
				socket.setSoLinger(true, 0);
			}
			socket.close();
		}
		catch (IOException ex) {
			// Closed either way.
		}
	}

	private void daemon(String name, Runnable work) {
		Thread thread = new Thread(() -> {
			try {
				work.run();
			}
			finally {
				this.connections.removeIf(Socket::isClosed);
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
	}

}
