package dev.authflux.token;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import dev.authflux.system.HousekeepingTask;
import dev.authflux.audit.ClientInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Replaces the active signing keys with new ones: both families (access tokens, ID
 * tokens; one key when both use one algorithm) on demand (the admin endpoint), and each
 * family once its key is older than {@link TokenProperties#keyRotationPeriod()}, checked
 * by every instance as a {@link HousekeepingTask}.
 *
 * <p>
 * For each family, the new key is generated first, off the event loop. One statement then
 * retires the key this instance signs with, stores the new one as active and records the
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
	 * Rotates the keys this instance signs with now; where another rotation retired one
	 * first, that rotation's key is the answer.
	 */
	public Mono<RotatedKeys> rotate(ClientInfo client) {
		return this.keys.current().flatMap((current) -> rotate(current, ON_DEMAND, client));
	}

	@Override
	public String name() {
		return "signing-key rotation";
	}

	/**
	 * Rotates each family's active key that is due.
	 * @return 2 (one key retired, one stored) for each key this instance rotated
	 */
	@Override
	public Mono<Long> run() {
		return this.keys.current().flatMap((current) -> {
			List<Family> due = families(current).stream().filter(this::isDue).toList();
			if (due.isEmpty()) {
				return Mono.just(0L);
			}
			return Flux.fromIterable(due)
				.concatMap((family) -> attempt(family, SCHEDULED, NO_CLIENT))
				.count()
				.flatMap((rotated) -> this.keys.reload().thenReturn(2 * rotated));
		});
	}

	/**
	 * Creation time is the database's and now is this instance's: a skew of seconds
	 * between them moves a rotation due every 30 days by as much.
	 */
	private boolean isDue(Family family) {
		return !family.activeSince().plus(this.properties.keyRotationPeriod()).isAfter(this.clock.instant());
	}

	private Mono<RotatedKeys> rotate(KeySet current, String reason, ClientInfo client) {
		String idTokenAlgorithm = name(this.properties.idTokenAlgorithm());
		return Flux.fromIterable(families(current))
			.concatMap((family) -> attempt(family, reason, client))
			.then(this.keys.reload())
			.map((reloaded) -> new RotatedKeys(
					new RotatedKey(reloaded.activeKid(), name(this.properties.algorithm()), current.activeKid()),
					new RotatedKey(reloaded.idTokenKey().kid(), idTokenAlgorithm, current.idTokenKey().kid())));
	}

	/**
	 * The access-token family, and the ID-token family unless it shares the access
	 * tokens' algorithm, and with it their key.
	 */
	private List<Family> families(KeySet current) {
		Family accessTokens = new Family(this.properties.algorithm(), current.activeKid(), current.activeSince());
		if (this.properties.idTokenAlgorithm() == this.properties.algorithm()) {
			return List.of(accessTokens);
		}
		return List.of(accessTokens, new Family(this.properties.idTokenAlgorithm(), current.idTokenKey().kid(),
				current.idTokenKey().since()));
	}

	/**
	 * @return the new key's id, or empty if another rotation retired the key first
	 */
	private Mono<String> attempt(Family family, String reason, ClientInfo client) {
		String retiring = family.activeKid();
		String algorithm = name(family.algorithm());
		return this.keys.newKey(family.algorithm())
			.flatMap((JWK key) -> this.repository.rotate(retiring, key.getKeyID(), algorithm, key.toJSONString(),
					reason, client))
			.doOnNext((kid) -> logger.info("Rotated the " + algorithm + " signing key (" + reason + "): " + kid
					+ " signs now, " + retiring + " is retired"));
	}

	private static String name(SigningAlgorithm algorithm) {
		return algorithm.jwsAlgorithm().getName();
	}

	/**
	 * The active key of one algorithm, as this instance knows it.
	 *
	 * @param algorithm what it signs with
	 * @param activeKid its id
	 * @param activeSince when it was created, by the database's clock
	 */
	private record Family(SigningAlgorithm algorithm, String activeKid, Instant activeSince) {
	}

}
