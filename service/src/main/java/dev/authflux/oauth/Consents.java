package dev.authflux.oauth;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.authflux.audit.ClientInfo;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The consent users give clients registered without {@code skip_consent}: remembered per
 * user and client as the scopes granted so far, so that a request within them shows no
 * consent page again.
 */
@Component
class Consents {

	/** The user's answer on the consent page. */
	enum Answer {

		ALLOW, DENY;

		/** The answer a posted {@code decision} field gives, or null if it gives none. */
		static Answer of(List<String> decision) {
			if (decision == null || decision.size() != 1) {
				return null;
			}
			return switch (decision.get(0)) {
				case "allow" -> ALLOW;
				case "deny" -> DENY;
				default -> null;
			};
		}

	}

	private final ConsentRepository repository;

	Consents(ConsentRepository repository) {
		this.repository = repository;
	}

	/** Whether the user has granted the client every scope of {@code scope}. */
	Mono<Boolean> cover(UUID userId, String clientId, String scope) {
		return this.repository.grantedScope(userId, clientId)
			.map((granted) -> tokens(granted).containsAll(tokens(scope)))
			.defaultIfEmpty(false);
	}

	Mono<Void> grant(UUID userId, String clientId, String scope, ClientInfo client) {
		return this.repository.grant(userId, clientId, scope, client);
	}

	Mono<Void> deny(UUID userId, String clientId, ClientInfo client) {
		return this.repository.denied(userId, clientId, client);
	}

	private static Set<String> tokens(String scope) {
		return new HashSet<>(Arrays.asList(scope.split(" ")));
	}

}
