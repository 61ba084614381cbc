package dev.authflux.bench;

import java.time.Duration;
import java.util.List;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What {@code GET /bench/hash-cost} answers: the time of password hashes run one after
 * another, in milliseconds, and the parameters they were made with.
 *
 * @param hashes how many hashes were timed
 * @param parameters the PHC prefix of the hashes, e.g.
 * {@code $argon2id$v=19$m=7168,t=5,p=1} (no salt, no hash)
 * @param avgMs average time per hash
 * @param minMs fastest hash
 * @param maxMs slowest hash
 * @param library the file of the argon2 library that made them (its optimized or its
 * reference build)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record HashCost(int hashes, String parameters, double avgMs, double minMs, double maxMs, String library) {

	static HashCost of(List<Sample> samples, String library) {
		double total = 0;
		double min = Double.MAX_VALUE;
		double max = 0;
		for (Sample sample : samples) {
			double ms = sample.duration().toNanos() / 1_000_000.0;
			total += ms;
			min = Math.min(min, ms);
			max = Math.max(max, ms);
		}
		String parameters = samples.isEmpty() ? "" : parametersOf(samples.get(0).encodedHash());
		return new HashCost(samples.size(), parameters, total / samples.size(), min, max, library);
	}

	/** {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash} without its last two fields. */
	private static String parametersOf(String encodedHash) {
		int hashStart = encodedHash.lastIndexOf('$');
		int saltStart = (hashStart > 0) ? encodedHash.lastIndexOf('$', hashStart - 1) : -1;
		return (saltStart > 0) ? encodedHash.substring(0, saltStart) : "";
	}

	/**
	 * One timed hash.
	 *
	 * @param encodedHash the hash in PHC string format
	 * @param duration how long it took
	 */
	record Sample(String encodedHash, Duration duration) {
	}

}
