package dev.authflux.token;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

import com.nimbusds.jose.jwk.JWK;
import dev.authflux.support.TestProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;

/** The keys in memory follow the changes PostgreSQL announces. */
class SigningKeysTests {

	private final SecureRandom random = new SecureRandom();

	private final TokenProperties properties = TestProperties.bind("authflux.token", TokenProperties.class);

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

	private String signingKid() {
		return this.keys.current().block().header().getKeyID();
	}

	private static StoredKey stored(JWK key, boolean active) {
		return new StoredKey(key.getAlgorithm().getName(), active, key.toJSONString(), Instant.now());
	}

}
