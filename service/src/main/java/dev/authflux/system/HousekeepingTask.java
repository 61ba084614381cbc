package dev.authflux.system;

import reactor.core.publisher.Mono;

/**
 * Periodic upkeep of shared state (deleting what has expired, rotating keys that are
 * due). Every instance runs every task; each must therefore be safe to run concurrently
 * with itself on another instance — a single SQL statement with its own conditions is.
 */
public interface HousekeepingTask {

	/** What it does, for the log. */
	String name();

	/** Does one round of the work; the result is how many rows it changed. */
	Mono<Long> run();

}
