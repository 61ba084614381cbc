package dev.authflux.system;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Runs every {@link HousekeepingTask} shortly after start-up and then every interval, one
 * after another, in the background. A failing task is logged and tried again next round.
 */
@Component
class Housekeeping extends BackgroundWork {

	private static final Log logger = LogFactory.getLog(Housekeeping.class);

	private static final Duration FIRST_ROUND_DELAY = Duration.ofSeconds(10);

	private final List<HousekeepingTask> tasks;

	private final Duration interval;

	Housekeeping(List<HousekeepingTask> tasks, HousekeepingProperties properties) {
		this.tasks = List.copyOf(tasks);
		this.interval = properties.interval();
	}

	@Override
	protected Disposable begin() {
		return Flux.interval(FIRST_ROUND_DELAY, this.interval)
			.concatMap((tick) -> Flux.fromIterable(this.tasks).concatMap(this::run))
			.subscribe();
	}

	private Mono<Long> run(HousekeepingTask task) {
		return task.run().doOnNext((changed) -> {
			if (changed > 0) {
				logger.info("Housekeeping: " + task.name() + " changed " + changed + " rows");
			}
		}).onErrorResume((ex) -> {
			logger.warn("Housekeeping: " + task.name() + " failed; retrying next round: " + ex.getMessage());
			return Mono.empty();
		});
	}

	/**
	 * Bound from {@code authflux.housekeeping.*} (environment:
	 * {@code AUTHFLUX_HOUSEKEEPING_*}).
	 *
	 * @param interval how often the tasks run
	 */
	@ConfigurationProperties("authflux.housekeeping")
	record HousekeepingProperties(@DefaultValue("10m") Duration interval) {
	}

}
