package dev.authflux.system;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one source of randomness for tokens and signatures.
 *
 * <p>
 * The JDK's default on Linux ({@code NativePRNG}) reads {@code /dev/urandom} on every
 * call, a file read on whatever thread asks: an event-loop thread, for refresh tokens and
 * ECDSA signatures. A DRBG (NIST SP 800-90A) is seeded once, here, at start-up, and
 * afterwards generates in memory.
 */
@Configuration(proxyBeanMethods = false)
class RandomnessConfiguration {

	@Bean
	SecureRandom secureRandom() throws NoSuchAlgorithmException {
		SecureRandom random = SecureRandom.getInstance("DRBG");
		random.nextBytes(new byte[32]);
		return random;
	}

}
