package dev.authflux.token;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.authflux.support.TestProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;

/**
 * Both key families exist from the start; the keys in memory follow the changes
 * PostgreSQL announces.
 */
class SigningKeysTests {

	private final SecureRandom random = new SecureRandom();

	/** One algorithm for both families, so that one stored key is a whole key set. */
	private final TokenProperties properties = TestProperties.bind("authflux.token", TokenProperties.class,
			"id-token-algorithm=ES256");

	private final SigningKeyRepository repository = mock(SigningKeyRepository.class);

	private final SigningKeys keys = new SigningKeys(this.repository, this.properties, this.random, Clock.systemUTC());

	private JWK old;

	private JWK replacement;

	@BeforeEach
	void generate() throws Exception {
		this.old = SigningAlgorithm.ES256.generate();
		this.replacement = SigningAlgorithm.ES256.generate();
	}

	@Test
	void onNotificationWhenAKeyChangedThenTheNewActiveKeySigns() {
		given(this.repository.findUsable(any())).willReturn(Flux.just(stored(this.old, true)),
				Flux.just(stored(this.replacement, true), stored(this.old, false)));
		assertThat(signingKid()).isEqualTo(this.old.getKeyID());

		this.keys.onNotification(this.replacement.getKeyID());

		assertThat(signingKid()).isEqualTo(this.replacement.getKeyID());
		assertThat(new String(this.keys.current().block().jwksJson())).contains(this.old.getKeyID(),
				this.replacement.getKeyID());
	}

	/**
	 * A read that began before the change committed cannot be trusted to show it: the
	 * notification makes another read after it, rather than joining it.
	 */
	@Test
	void onNotificationWhenAReadIsInFlightThenTheKeysAreReadAgainAfterIt() {
		Sinks.One<StoredKey> inFlight = Sinks.one();
		given(this.repository.findUsable(any())).willReturn(Flux.just(stored(this.old, true)), inFlight.asMono().flux(),
				Flux.just(stored(this.replacement, true), stored(this.old, false)));
		assertThat(signingKid()).isEqualTo(this.old.getKeyID());
		this.keys.reload().subscribe();

		this.keys.onNotification(this.replacement.getKeyID());
		inFlight.tryEmitValue(stored(this.old, true));

		assertThat(signingKid()).isEqualTo(this.replacement.getKeyID());
		then(this.repository).should(times(3)).findUsable(any());
	}

	@Test
	void onListeningThenKeysChangedMeanwhileAreRead() {
		given(this.repository.findUsable(any())).willReturn(Flux.just(stored(this.old, true)),
				Flux.just(stored(this.replacement, true), stored(this.old, false)));
		assertThat(signingKid()).isEqualTo(this.old.getKeyID());

		this.keys.onListening();

		assertThat(signingKid()).isEqualTo(this.replacement.getKeyID());
	}

	@Test
	void currentWhenNoKeyExistsThenEachFamilyGetsOneAndBothArePublished() throws Exception {
		List<StoredKey> table = emptyTable();
		TokenProperties defaults = TestProperties.bind("authflux.token", TokenProperties.class);

		KeySet keys = new SigningKeys(this.repository, defaults, this.random, Clock.systemUTC()).current().block();

		then(this.repository).should().insertIfNoneActive(anyString(), eq("ES256"), anyString());
		then(this.repository).should().insertIfNoneActive(anyString(), eq("RS256"), anyString());
		assertThat(table).hasSize(2);
		assertThat(keys.header().getAlgorithm().getName()).isEqualTo("ES256");
		assertThat(keys.idTokenKey().header().getAlgorithm().getName()).isEqualTo("RS256");
		assertThat(keys.idTokenKey().kid()).isNotEqualTo(keys.activeKid());
		JWKSet published = JWKSet.parse(new String(keys.jwksJson()));
		assertThat(published.getKeys()).extracting(JWK::getKeyID)
			.containsExactlyInAnyOrder(keys.activeKid(), keys.idTokenKey().kid());
		assertThat(published.getKeys()).allSatisfy((key) -> {
			assertThat(key.getKeyUse().identifier()).isEqualTo("sig");
			assertThat(key.getAlgorithm()).isNotNull();
			assertThat(key.toJSONObject()).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
		});
	}

	@Test
	void currentWhenBothFamiliesShareTheAlgorithmThenOneKeySignsBoth() {
		List<StoredKey> table = emptyTable();

		KeySet keys = this.keys.current().block();

		assertThat(table).hasSize(1);
		assertThat(keys.idTokenKey().kid()).isEqualTo(keys.activeKid());
		assertThat(keys.idTokenKey().signer()).isSameAs(keys.signer());
	}

	/**
	 * A {@code signing_keys} table that starts empty and stores what is inserted, as
	 * active keys.
	 */
	private List<StoredKey> emptyTable() {
		List<StoredKey> table = new ArrayList<>();
		given(this.repository.findUsable(any()))
			.willAnswer((call) -> Flux.defer(() -> Flux.fromIterable(List.copyOf(table))));
		given(this.repository.insertIfNoneActive(anyString(), anyString(), anyString())).willAnswer((call) -> {
			table.add(new StoredKey(call.getArgument(1), true, call.getArgument(2), Instant.now()));
			return Mono.empty();
		});
		return table;
	}

	private String signingKid() {
		return this.keys.current().block().header().getKeyID();
	}

	private static StoredKey stored(JWK key, boolean active) {
		return new StoredKey(key.getAlgorithm().getName(), active, key.toJSONString(), Instant.now());
	}

}
