package dev.authflux.user;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Password hashing, bound from {@code authflux.password.*} (environment:
 * {@code AUTHFLUX_PASSWORD_*}). The defaults, 7 MiB of memory and 5 passes, are the last
 * of OWASP's five equally strong argon2id settings (19 MiB and 2 passes is another), and
 * Keycloak's default: of the five, the fastest to hash with argon2's optimized build
 * (measured, docs/security.md). Hashes are stored in the PHC string format, which records
 * these parameters, so they can be changed later without invalidating stored passwords.
 *
 * @param memoryKib argon2 memory cost in KiB
 * @param iterations argon2 time cost
 * @param parallelism argon2 lanes
 * @param threads hashing threads; 0 means one per available core
 * @param queueCapacity hashes that may wait for a thread; beyond that, 503
 * {@code overloaded}
 * @param maxWait the longest a hash may take, waiting for a thread and running; one that
 * would take longer (judged by the recent pace of hashing) is refused at once with 503
 * {@code overloaded}, unless no other hash is waiting
 * @param threadNice the Linux nice value of the hashing threads (0 to 19; 0 = the same
 * priority as everything else), so that the event loops are served first
 * @param retryAfterSeconds the {@code Retry-After} sent with {@code overloaded}
 */
@ConfigurationProperties("authflux.password")
public record PasswordProperties(@DefaultValue("7168") int memoryKib, @DefaultValue("5") int iterations,
		@DefaultValue("1") int parallelism, @DefaultValue("0") int threads, @DefaultValue("64") int queueCapacity,
		@DefaultValue("1500ms") Duration maxWait, @DefaultValue("5") int threadNice,
		@DefaultValue("1") long retryAfterSeconds) {

	public int effectiveThreads() {
		return (this.threads > 0) ? this.threads : Runtime.getRuntime().availableProcessors();
	}

}
