package dev.authflux.support;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The few calls BlockHound reports that do not block in fact, each allowed at the
 * narrowest site. Loaded by BlockHound's JUnit integration for every test JVM (see
 * {@code META-INF/services}).
 */
public class BlockHoundAllowances implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		// The PostgreSQL driver's SCRAM handshake draws its client nonce from a new
		// SecureRandom, which on Linux reads /dev/urandom: a file read to BlockHound, but
		// one that never waits once the kernel's pool is seeded (long before the JVM
		// starts). It happens once per new database connection, not per request.
		builder.allowBlockingCallsInside("com.ongres.scram.common.ScramFunctions", "nonce");
		// RSA signing (RS256) blinds the private-key operation with random values the
		// JDK draws from its default SecureRandom (/dev/urandom, as above) the first time
		// a key needs them, then caches and renews by squaring: not a per-signature read.
		builder.allowBlockingCallsInside("sun.security.rsa.RSACore", "getBlindingRandomPair");
		// Handing a hash to the password pool: ArrayBlockingQueue.offer never waits for
		// room (a full queue is refused at once, and answered 503), only for the queue's
		// lock, which a pool thread taking its next task holds for a few instructions.
		// Concurrent logins make that lock contended, and BlockHound sees the park.
		builder.allowBlockingCallsInside("java.util.concurrent.ArrayBlockingQueue", "offer");
		// Jackson 3 builds the deserializer of a type once, under a lock; a request that
		// needs the same type meanwhile waits for that one build. It happens only while
		// the first requests of each type arrive together (RaceE2ETests starts with
		// twenty identical refreshes).
		builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache",
				"_createAndCacheValueDeserializer");
		// Hibernate Validator likewise stores each bean type's metadata once, under a
		// segment lock of its cache, when the first requests of a type arrive together.
		builder.allowBlockingCallsInside("org.hibernate.validator.internal.util.ConcurrentReferenceHashMap$Segment",
				"put");
		// Netty 4.2's buffer allocator stripes allocations over "magazines", each under a
		// StampedLock that an event loop only try-locks; under contention it adds
		// magazines, taking the write lock of each for the few instructions another
		// thread's allocation holds it. Seen once, on an R2DBC event loop: it closed the
		// connection of SigningKeysIntegrationTests. Netty's own BlockHound integration
		// does not list it; Armeria allows the same (line/armeria#6344).
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
				"tryExpandMagazines");
	}

}
