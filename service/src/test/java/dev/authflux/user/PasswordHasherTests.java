package dev.authflux.user;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.authflux.web.ServiceUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTests {

	/** {@code crème brûlée} with precomposed letters, as most keyboards type it. */
	private static final String COMPOSED = "cr\u00e8me br\u00fbl\u00e9e";

	/** The same, each accent a combining mark after its letter (NFD). */
	private static final String DECOMPOSED = "cre\u0300me bru\u0302le\u0301e";

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	/** With the default parameters: 7 MiB, 5 passes, one lane. */
	private PasswordHasher hasher = new PasswordHasher(
			new PasswordProperties(7168, 5, 1, 0, 64, Duration.ofSeconds(5), 0, 1), this.meters);

	@AfterEach
	void shutdown() {
		this.hasher.destroy();
	}

	@Test
	void hashWhenVerifiedWithSamePasswordThenTrueAndOtherwiseFalse() {
		String hash = this.hasher.hash("correct horse battery").block();
		assertThat(hash).startsWith("$argon2id$v=19$m=7168,t=5,p=1$");
		StepVerifier.create(this.hasher.verify(hash, "correct horse battery")).expectNext(true).verifyComplete();
		StepVerifier.create(this.hasher.verify(hash, "wrong horse battery")).expectNext(false).verifyComplete();
	}

	@Test
	void verifyAcceptsAHashMadeByArgon2sReferenceBuild() {
		String stored = NativeArgon2Tests.REFERENCE_HASH;
		StepVerifier.create(this.hasher.verify(stored, "correct horse battery")).expectNext(true).verifyComplete();
		StepVerifier.create(this.hasher.verify(stored, "correct horse batterY")).expectNext(false).verifyComplete();
	}

	@Test
	void hashWhenSamePasswordTwiceThenDifferentSalts() {
		assertThat(this.hasher.hash("same password").block()).isNotEqualTo(this.hasher.hash("same password").block());
	}

	@Test
	void verifyUsesTheParametersRecordedInTheHash() {
		PasswordHasher cheaper = new PasswordHasher(
				new PasswordProperties(8192, 1, 1, 1, 4, Duration.ofSeconds(5), 0, 1), new SimpleMeterRegistry());
		String oldHash = cheaper.hash("an older password").block();
		cheaper.destroy();
		StepVerifier.create(this.hasher.verify(oldHash, "an older password")).expectNext(true).verifyComplete();
	}

	@Test
	void hashRunsOnThePasswordHashPoolNotTheCaller() {
		StepVerifier.create(this.hasher.hash("where am I").map((hash) -> Thread.currentThread().getName()))
			.assertNext((thread) -> assertThat(thread).startsWith("password-hash-"))
			.verifyComplete();
	}

	@Test
	void verifyDecoyTakesAHashAndAnswersFalse() {
		StepVerifier.create(this.hasher.verifyDecoy("anything")).expectNext(false).verifyComplete();
	}

	@Test
	void hashWhenQueueFullThenOverloadedAtOnceWithRetryAfter() {
		this.hasher.destroy();
		this.hasher = new PasswordHasher(new PasswordProperties(19456, 2, 1, 1, 1, Duration.ofSeconds(5), 0, 3),
				this.meters);
		Outcome outcome = hashAtOnce(12);
		for (ServiceUnavailableException ex : outcome.refusals()) {
			assertThat(ex.code()).isEqualTo("overloaded");
			HttpHeaders headers = new HttpHeaders();
			ex.addHeaders(headers);
			assertThat(headers.getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("3");
		}
		// One thread busy and one hash queued: of twelve at once, most are turned away.
		assertThat(outcome.hashed()).isBetween(1, 11);
		assertThat(outcome.refusals()).hasSize(12 - outcome.hashed()).isNotEmpty();
		assertThat(refusals("admission") + refusals("late")).isEqualTo(outcome.refusals().size());
	}

	@Test
	void hashTakenTooLateToFinishInTimeIsRefusedAndCountedApart() {
		this.hasher.destroy();
		// One thread, and no hash may take longer than 1 ms from its submission: the pool
		// knows no hash time yet, so it admits them, and those that wait are refused when
		// the thread takes them.
		this.hasher = new PasswordHasher(new PasswordProperties(19456, 2, 1, 1, 64, Duration.ofMillis(1), 0, 3),
				this.meters);
		Outcome outcome = hashAtOnce(4);
		assertThat(outcome.hashed()).isPositive();
		assertThat(refusals("late")).isPositive();
		assertThat(refusals("admission") + refusals("late")).isEqualTo(outcome.refusals().size());
	}

	/** Submits {@code count} hashes at once and waits for every answer. */
	private Outcome hashAtOnce(int count) {
		AtomicInteger hashed = new AtomicInteger();
		List<ServiceUnavailableException> refusals = new CopyOnWriteArrayList<>();
		Flux.range(0, count)
			.flatMap((i) -> this.hasher.hash("password " + i)
				.doOnNext((h) -> hashed.incrementAndGet())
				.onErrorResume(ServiceUnavailableException.class, (ex) -> {
					refusals.add(ex);
					return Mono.empty();
				}), count)
			.then()
			.as(StepVerifier::create)
			.verifyComplete();
		return new Outcome(hashed.get(), refusals);
	}

	private record Outcome(int hashed, List<ServiceUnavailableException> refusals) {
	}

	@Test
	void needsRehashWhenStoredParametersAreNotTheConfiguredOnes() {
		assertThat(this.hasher.needsRehash("$argon2id$v=19$m=7168,t=5,p=1$c2FsdA$aGFzaA")).isFalse();
		assertThat(this.hasher.needsRehash("$argon2id$v=19$m=8192,t=1,p=1$c2FsdA$aGFzaA")).isTrue();
		assertThat(this.hasher.needsRehash("$argon2id$v=19$m=7168,t=4,p=1$c2FsdA$aGFzaA")).isTrue();
		assertThat(this.hasher.needsRehash("$argon2id$v=19$m=7168,t=5,p=2$c2FsdA$aGFzaA")).isTrue();
		assertThat(this.hasher.needsRehash("$argon2i$v=19$m=7168,t=5,p=1$c2FsdA$aGFzaA")).isTrue();
		// The earlier default, and a costlier setting: an account whose hash takes longer
		// to verify than the decoy would stand out from unknown names.
		assertThat(this.hasher.needsRehash("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA")).isTrue();
		assertThat(this.hasher.needsRehash("$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA")).isTrue();
	}

	@Test
	void aPasswordTypedComposedOrDecomposedIsTheSamePassword() {
		String hash = this.hasher.hash(COMPOSED).block();
		StepVerifier.create(this.hasher.verify(hash, DECOMPOSED)).expectNext(true).verifyComplete();
		String other = this.hasher.hash(DECOMPOSED).block();
		StepVerifier.create(this.hasher.verify(other, COMPOSED)).expectNext(true).verifyComplete();
		// Compatibility forms too: full-width letters are the ASCII ones.
		String ascii = this.hasher.hash("plain letters").block();
		StepVerifier.create(this.hasher.verify(ascii, "\uff50\uff4c\uff41\uff49\uff4e letters"))
			.expectNext(true)
			.verifyComplete();
	}

	@Test
	void aHashOfTheInputAsTypedBeforeNormalizationStillVerifiesAndIsReplaced() {
		String legacy = hashedAsTyped(DECOMPOSED);
		StepVerifier.create(this.hasher.verify(legacy, DECOMPOSED)).expectNext(true).verifyComplete();
		StepVerifier.create(this.hasher.verify(legacy, DECOMPOSED + "!")).expectNext(false).verifyComplete();
		assertThat(this.hasher.needsRehash(legacy, DECOMPOSED)).isTrue();
		String current = this.hasher.hash(COMPOSED).block();
		assertThat(this.hasher.needsRehash(current, COMPOSED)).isFalse();
	}

	@Test
	void anUnnormalizedWrongPasswordCostsAsManyVerificationsForTheDecoyAsForAnAccount() {
		StepVerifier.create(this.hasher.verifyDecoy(DECOMPOSED)).expectNext(false).verifyComplete();
		StepVerifier.create(this.hasher.verify(this.hasher.hash("someone's password").block(), DECOMPOSED))
			.expectNext(false)
			.verifyComplete();
		// Each tried both forms as one verification on the pool.
		assertThat(this.meters.get(PasswordHasher.METRIC).tag("operation", "verify").timer().count()).isEqualTo(2);
	}

	/** As passwords were hashed before normalization: the characters as they came. */
	private static String hashedAsTyped(String password) {
		return NativeArgon2.argon2id(16, 32)
			.hash(5, 7168, 1, password.toCharArray(), java.nio.charset.StandardCharsets.UTF_8);
	}

	private double refusals(String stage) {
		return this.meters.get(PasswordHasher.METRIC + ".rejected").tag("stage", stage).counter().count();
	}

	@Test
	void everyHashAndVerificationIsCountedForOperators() {
		String hash = this.hasher.hash("counted password").block();
		this.hasher.verify(hash, "counted password").block();
		this.hasher.verify(hash, "wrong password").block();
		assertThat(this.meters.get(PasswordHasher.METRIC).tag("operation", "hash").timer().count()).isEqualTo(1);
		assertThat(this.meters.get(PasswordHasher.METRIC).tag("operation", "verify").timer().count()).isEqualTo(2);
	}

}
