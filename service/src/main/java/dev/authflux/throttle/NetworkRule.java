package dev.authflux.throttle;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The rules that count failures per client network in a fixed window, and refuse the
 * network until the window ends once it is full.
 */
public enum NetworkRule {

	/** Failed logins and password confirmations, across all accounts. */
	LOGIN("network", ThrottleProperties::ipMaxFailures, ThrottleProperties::ipWindow),

	/** Registrations of a name that is taken: probes for which names exist. */
	REGISTRATION("registration", ThrottleProperties::registrationMaxTaken, ThrottleProperties::registrationWindow),

	/** Failed HTTP Basic authentications of the introspection and admin clients. */
	CLIENT_AUTHENTICATION("client_auth", ThrottleProperties::clientAuthMaxFailures,
			ThrottleProperties::clientAuthWindow);

	private final String scope;

	private final ToIntFunction<ThrottleProperties> max;

	private final Function<ThrottleProperties, Duration> window;

	NetworkRule(String scope, ToIntFunction<ThrottleProperties> max, Function<ThrottleProperties, Duration> window) {
		this.scope = scope;
		this.max = max;
		this.window = window;
	}

	/** The {@code login_failures.scope} its counters are stored under. */
	public String scope() {
		return this.scope;
	}

	int max(ThrottleProperties rules) {
		return this.max.applyAsInt(rules);
	}

	Duration window(ThrottleProperties rules) {
		return this.window.apply(rules);
	}

}
