package dev.authflux.client;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;

/** When the client cache may answer without the database, and when it must not. */
class ClientCacheTests {

	private static final String ID = "machine-client-id";

	private final ClientRepository repository = mock(ClientRepository.class);

	private final ClientCache cache = new ClientCache(this.repository);

	private final StoredClient client = stored(false);

	private final StoredClient disabled = stored(true);

	@Test
	void findWhenNotListeningThenEveryLookupReadsTheDatabase() {
		given(this.repository.findForAuthentication(ID)).willReturn(Mono.just(this.client));
		findTwice();
		then(this.repository).should(times(2)).findForAuthentication(ID);
	}

	@Test
	void findWhenListeningThenSecondLookupIsServedFromMemory() {
		given(this.repository.findForAuthentication(ID)).willReturn(Mono.just(this.client));
		this.cache.onListening();
		findTwice();
		then(this.repository).should(times(1)).findForAuthentication(ID);
	}

	@Test
	void findWhenClientChangedElsewhereThenReadAgain() {
		given(this.repository.findForAuthentication(ID)).willReturn(Mono.just(this.client), Mono.just(this.disabled));
		this.cache.onListening();
		StepVerifier.create(this.cache.find(ID)).expectNext(this.client).verifyComplete();
		this.cache.onNotification(ID);
		StepVerifier.create(this.cache.find(ID)).expectNext(this.disabled).verifyComplete();
	}

	@Test
	void findWhenClientChangedHereThenReadAgain() {
		given(this.repository.findForAuthentication(ID)).willReturn(Mono.just(this.client), Mono.empty());
		this.cache.onListening();
		StepVerifier.create(this.cache.find(ID)).expectNext(this.client).verifyComplete();
		this.cache.forget(ID);
		StepVerifier.create(this.cache.find(ID)).verifyComplete();
	}

	@Test
	void findWhenListeningIsInterruptedThenNothingCachedIsTrusted() {
		given(this.repository.findForAuthentication(ID)).willReturn(Mono.just(this.client), Mono.just(this.disabled),
				Mono.just(this.disabled));
		this.cache.onListening();
		StepVerifier.create(this.cache.find(ID)).expectNext(this.client).verifyComplete();
		this.cache.onInterrupted();
		findTwice();
		then(this.repository).should(times(3)).findForAuthentication(ID);
	}

	@Test
	void findWhenListeningAgainThenWhatWasCachedBeforeIsReadAgain() {
		given(this.repository.findForAuthentication(ID)).willReturn(Mono.just(this.client), Mono.just(this.disabled));
		this.cache.onListening();
		StepVerifier.create(this.cache.find(ID)).expectNext(this.client).verifyComplete();
		this.cache.onInterrupted();
		this.cache.onListening();
		StepVerifier.create(this.cache.find(ID)).expectNext(this.disabled).verifyComplete();
	}

	@Test
	void findWhenUnknownThenNotRemembered() {
		given(this.repository.findForAuthentication(ID)).willReturn(Mono.empty(), Mono.just(this.client));
		this.cache.onListening();
		StepVerifier.create(this.cache.find(ID)).verifyComplete();
		StepVerifier.create(this.cache.find(ID)).expectNext(this.client).verifyComplete();
	}

	@Test
	void findWhenClientChangesDuringALookupThenItsResultIsNotServedLater() {
		Sinks.One<StoredClient> slowRead = Sinks.one();
		given(this.repository.findForAuthentication(ID)).willReturn(slowRead.asMono(), Mono.just(this.disabled));
		this.cache.onListening();
		StepVerifier.create(this.cache.find(ID))
			.then(() -> this.cache.onNotification(ID))
			.then(() -> slowRead.tryEmitValue(this.client))
			// The request that started before the change may still see the old client...
			.expectNext(this.client)
			.verifyComplete();
		// ...but no later request does.
		StepVerifier.create(this.cache.find(ID)).expectNext(this.disabled).verifyComplete();
	}

	@Test
	void findWhenNotSubscribedToThenNothingIsLookedUp() {
		this.cache.onListening();
		this.cache.find(ID);
		then(this.repository).shouldHaveNoInteractions();
	}

	private void findTwice() {
		StepVerifier.create(this.cache.find(ID)).expectNextCount(1).verifyComplete();
		StepVerifier.create(this.cache.find(ID)).expectNextCount(1).verifyComplete();
	}

	private static StoredClient stored(boolean disabled) {
		ClientMetadata metadata = new ClientMetadata("job", List.of(), List.of(ClientMetadata.CLIENT_CREDENTIALS),
				List.of(), AuthMethod.CLIENT_SECRET_BASIC, Set.of(), List.of(), false);
		return new StoredClient(new RegisteredClient(ID, metadata, Instant.EPOCH, disabled),
				ClientSecrets.hash("secret"));
	}

}
