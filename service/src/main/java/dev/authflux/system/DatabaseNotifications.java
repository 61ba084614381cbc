package dev.authflux.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.stereotype.Component;

/**
 * One dedicated PostgreSQL connection that {@code LISTEN}s on the channels of every
 * {@link NotificationSubscriber}, so that what one instance of the service changes (a
 * revoked session, a rotated key) reaches the caches of all the others within the time
 * PostgreSQL takes to deliver a notification.
 *
 * <p>
 * The connection is outside the pool: it is held for the life of the service and must not
 * be taken back, recycled or counted against request traffic. When it is lost,
 * subscribers are told at once ({@link NotificationSubscriber#onInterrupted()}) so they
 * stop trusting their caches; it is re-established with backoff, and subscribers are told
 * when notifications flow again. A heartbeat query finds connections that died silently.
 */
@Component
class DatabaseNotifications extends BackgroundWork {

	private static final Log logger = LogFactory.getLog(DatabaseNotifications.class);

	private final ConnectionFactory connections;

	private final Map<String, List<NotificationSubscriber>> subscribers;

	private final NotificationProperties properties;

	DatabaseNotifications(ConnectionFactory pooledConnections, List<NotificationSubscriber> subscribers,
			NotificationProperties properties) {
		this.connections = unpooled(pooledConnections);
		this.subscribers = subscribers.stream()
			.collect(Collectors.groupingBy(NotificationSubscriber::channel, Collectors.toUnmodifiableList()));
		this.properties = properties;
	}

	@SuppressWarnings("unchecked")
	private static ConnectionFactory unpooled(ConnectionFactory factory) {
		return (factory instanceof Wrapped<?> wrapped) ? ((Wrapped<ConnectionFactory>) wrapped).unwrap() : factory;
	}

	@Override
	protected Disposable begin() {
		if (this.subscribers.isEmpty()) {
			return Disposables.disposed();
		}
		return Mono.usingWhen(this.connections.create(), this::listen, Connection::close)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
				.maxBackoff(this.properties.maxReconnectDelay())
				.doBeforeRetry((signal) -> logger.warn(
						"Listening for changes of other instances failed; retrying: " + signal.failure().getMessage())))
			.subscribe();
	}

	/** Runs until the connection fails: its notifications end only with an error. */
	private Mono<Void> listen(Connection connection) {
		PostgresqlConnection postgres = (PostgresqlConnection) connection;
		String statements = this.subscribers.keySet()
			.stream()
			.map((channel) -> "LISTEN " + channel)
			.collect(Collectors.joining("; "));
		Flux<Void> notifications = postgres.getNotifications()
			.doOnNext(this::dispatch)
			.then(Mono.<Void>error(new IllegalStateException("The listening connection closed")))
			.flux();
		Flux<Void> heartbeat = Flux.interval(this.properties.heartbeat())
			.concatMap((tick) -> Flux.from(postgres.createStatement("SELECT 1").execute())
				.concatMap((result) -> result.getRowsUpdated())
				.then()
				.timeout(this.properties.heartbeatTimeout()));
		return Flux.from(postgres.createStatement(statements).execute())
			.concatMap((result) -> result.getRowsUpdated())
			.then(Mono.fromRunnable(this::listening))
			.thenMany(Flux.merge(notifications, heartbeat))
			.doFinally((signal) -> interrupted())
			.then();
	}

	private void dispatch(Notification notification) {
		List<NotificationSubscriber> forChannel = this.subscribers.getOrDefault(notification.getName(), List.of());
		for (NotificationSubscriber subscriber : forChannel) {
			subscriber.onNotification(notification.getParameter());
		}
	}

	private void listening() {
		logger.info("Listening for changes of other instances on " + this.subscribers.keySet());
		each(NotificationSubscriber::onListening);
	}

	private void interrupted() {
		each(NotificationSubscriber::onInterrupted);
	}

	private void each(Consumer<NotificationSubscriber> action) {
		this.subscribers.values().stream().flatMap(List::stream).forEach(action);
	}

}
