package dev.authflux.token;

import java.time.Clock;

import com.nimbusds.jose.jwk.JWK;
import dev.authflux.system.HousekeepingTask;
import dev.authflux.audit.ClientInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Replaces the active signing key with a new one: on demand (the admin endpoint), and
 * once it is older than {@link TokenProperties#keyRotationPeriod()}, checked by every
 * instance as a {@link HousekeepingTask}.
 *
 * <p>
 * The new key is generated first, off the event loop. One statement then retires the key
 * this instance signs with, stores the new one as active and records the
 * {@code key_rotated} audit event, so there is never a moment without an active key and
 * signing never fails. It retires the key only if it is still the active one: of several
 * instances rotating the same key at once, exactly one succeeds, and the others adopt its
 * key. Every instance learns of the change by notification ({@link SigningKeys}); the
 * retired key stays published and verifies for {@link TokenProperties#retiredKeyGrace()}.
 */
@Component
public class KeyRotation implements HousekeepingTask {

	static final String ON_DEMAND = "on_demand";

	static final String SCHEDULED = "scheduled";

	private static final Log logger = LogFactory.getLog(KeyRotation.class);

	private static final ClientInfo NO_CLIENT = new ClientInfo(null, null);

	private final SigningKeys keys;

	private final SigningKeyRepository repository;

	private final TokenProperties properties;

	private final Clock clock;

	KeyRotation(SigningKeys keys, SigningKeyRepository repository, TokenProperties properties, Clock clock) {
		this.keys = keys;
		this.repository = repository;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Rotates the key this instance signs with now; if another rotation retired it first,
	 * that rotation's key is the answer.
	 */
	public Mono<RotatedKey> rotate(ClientInfo client) {
		return this.keys.current().flatMap((current) -> rotate(current, ON_DEMAND, client));
	}

	@Override
	public String name() {
		return "signing-key rotation";
	}

	/**
	 * Rotates the active key if it is due.
	 * @return 2 (one key retired, one stored) if this instance rotated it, else 0
	 */
	@Override
	public Mono<Long> run() {
		return this.keys.current()
			.filter(this::isDue)
			.flatMap((current) -> attempt(current, SCHEDULED, NO_CLIENT).map((kid) -> 2L)
				.defaultIfEmpty(0L)
				.flatMap((changed) -> this.keys.reload().thenReturn(changed)))
			.defaultIfEmpty(0L);
	}

	/**
	 * Creation time is the database's and now is this instance's: a skew of seconds
	 * between them moves a rotation due every 30 days by as much.
	 */
	private boolean isDue(KeySet current) {
		return !current.activeSince().plus(this.properties.keyRotationPeriod()).isAfter(this.clock.instant());
	}

	private Mono<RotatedKey> rotate(KeySet current, String reason, ClientInfo client) {
		return attempt(current, reason, client).then(this.keys.reload())
			.map((reloaded) -> new RotatedKey(reloaded.activeKid(), algorithm(), current.activeKid()));
	}

	/**
	 * @return the new key's id, or empty if another rotation retired the key first
	 */
	private Mono<String> attempt(KeySet current, String reason, ClientInfo client) {
		String retiring = current.activeKid();
		return this.keys.newKey()
			.flatMap((JWK key) -> this.repository.rotate(retiring, key.getKeyID(), algorithm(), key.toJSONString(),
					reason, client))
			.doOnNext((kid) -> logger
				.info("Rotated the signing key (" + reason + "): " + kid + " signs now, " + retiring + " is retired"));
	}

	private String algorithm() {
		return this.properties.algorithm().jwsAlgorithm().getName();
	}

}
