package dev.authflux.passkey;

import java.net.URI;
import java.util.Set;
import java.util.stream.Collectors;

import com.webauthn4j.data.client.Origin;
import dev.authflux.token.TokenProperties;

import org.springframework.stereotype.Component;

/**
 * This service as a WebAuthn relying party: its RP ID and the origins it accepts, from
 * {@link PasskeyProperties} or else from the issuer, so that a deployment whose pages are
 * served from the issuer's origin needs no setting at all.
 */
@Component
class RelyingParty {

	private final String id;

	private final String name;

	private final Set<Origin> origins;

	RelyingParty(PasskeyProperties properties, TokenProperties tokens) {
		URI issuer = URI.create(tokens.issuer());
		this.id = (properties.rpId() != null && !properties.rpId().isBlank()) ? properties.rpId() : issuer.getHost();
		this.name = properties.rpName();
		this.origins = properties.origins().isEmpty() ? Set.of(Origin.create(originOf(issuer)))
				: properties.origins().stream().map(String::trim).map(Origin::create).collect(Collectors.toSet());
	}

	String id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	Set<Origin> origins() {
		return this.origins;
	}

	private static String originOf(URI uri) {
		return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : "");
	}

}
