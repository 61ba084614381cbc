package dev.authflux.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import dev.authflux.support.TestProperties;
import dev.authflux.user.SessionsEndedEvent;
import dev.authflux.user.UserProfile;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;

/** When the cache may answer without the database, and when it must not. */
class LiveSessionCacheTests {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	private final SessionRepository repository = mock(SessionRepository.class);

	private final LiveSessionCache cache = new LiveSessionCache(this.repository,
			TestProperties.bind("authflux.session", SessionProperties.class), Clock.fixed(NOW, ZoneOffset.UTC));

	private final LiveSession session = new LiveSession(UUID.randomUUID(),
			new UserProfile(UUID.randomUUID(), "alice", NOW.minus(Duration.ofDays(1))), NOW.plus(Duration.ofDays(30)));

	@Test
	void findWhenNotListeningThenEveryLookupReadsTheDatabase() {
		given(this.repository.findLive(this.session.id())).willReturn(Mono.just(this.session));
		findTwice();
		then(this.repository).should(times(2)).findLive(this.session.id());
	}

	@Test
	void findWhenListeningThenSecondLookupIsServedFromMemory() {
		given(this.repository.findLive(this.session.id())).willReturn(Mono.just(this.session));
		this.cache.onListening();
		findTwice();
		then(this.repository).should(times(1)).findLive(this.session.id());
	}

	@Test
	void findWhenSessionEndedElsewhereThenReadAgain() {
		given(this.repository.findLive(this.session.id())).willReturn(Mono.just(this.session), Mono.empty());
		this.cache.onListening();
		StepVerifier.create(this.cache.find(this.session.id())).expectNext(this.session).verifyComplete();
		this.cache.onNotification(this.session.id().toString());
		StepVerifier.create(this.cache.find(this.session.id())).verifyComplete();
	}

	@Test
	void findWhenSessionsEndedHereThenReadAgain() {
		given(this.repository.findLive(this.session.id())).willReturn(Mono.just(this.session), Mono.empty());
		this.cache.onListening();
		StepVerifier.create(this.cache.find(this.session.id())).expectNext(this.session).verifyComplete();
		this.cache.on(new SessionsEndedEvent(List.of(this.session.id())));
		StepVerifier.create(this.cache.find(this.session.id())).verifyComplete();
	}

	@Test
	void findWhenListeningIsInterruptedThenNothingCachedIsTrusted() {
		given(this.repository.findLive(this.session.id())).willReturn(Mono.just(this.session), Mono.empty());
		this.cache.onListening();
		StepVerifier.create(this.cache.find(this.session.id())).expectNext(this.session).verifyComplete();
		this.cache.onInterrupted();
		StepVerifier.create(this.cache.find(this.session.id())).verifyComplete();
	}

	@Test
	void findWhenCachedExpiryHasPassedThenReadAgainForAnExtension() {
		LiveSession expired = new LiveSession(this.session.id(), this.session.user(), NOW.minusSeconds(1));
		given(this.repository.findLive(this.session.id())).willReturn(Mono.just(expired), Mono.just(this.session));
		this.cache.onListening();
		StepVerifier.create(this.cache.find(this.session.id())).expectNext(this.session).verifyComplete();
	}

	@Test
	void findWhenNotLiveThenThatIsRememberedToo() {
		given(this.repository.findLive(this.session.id())).willReturn(Mono.empty());
		this.cache.onListening();
		StepVerifier.create(this.cache.find(this.session.id())).verifyComplete();
		StepVerifier.create(this.cache.find(this.session.id())).verifyComplete();
		then(this.repository).should(times(1)).findLive(this.session.id());
	}

	@Test
	void findWhenSessionEndsDuringALookupThenItsResultIsNotServedLater() {
		Sinks.One<LiveSession> slowRead = Sinks.one();
		given(this.repository.findLive(this.session.id())).willReturn(slowRead.asMono(), Mono.empty());
		this.cache.onListening();
		StepVerifier.create(this.cache.find(this.session.id()))
			.then(() -> this.cache.onNotification(this.session.id().toString()))
			.then(() -> slowRead.tryEmitValue(this.session))
			// The request that started before the revocation may still see it live...
			.expectNext(this.session)
			.verifyComplete();
		// ...but no later request does.
		StepVerifier.create(this.cache.find(this.session.id())).verifyComplete();
	}

	@Test
	void onNotificationWhenPayloadIsNotASessionIdThenCacheIsKept() {
		given(this.repository.findLive(this.session.id())).willReturn(Mono.just(this.session));
		this.cache.onListening();
		StepVerifier.create(this.cache.find(this.session.id())).expectNext(this.session).verifyComplete();
		this.cache.onNotification("not-a-uuid");
		StepVerifier.create(this.cache.find(this.session.id())).expectNext(this.session).verifyComplete();
		then(this.repository).should(times(1)).findLive(this.session.id());
	}

	private void findTwice() {
		StepVerifier.create(this.cache.find(this.session.id())).expectNext(this.session).verifyComplete();
		StepVerifier.create(this.cache.find(this.session.id())).expectNext(this.session).verifyComplete();
	}

}
