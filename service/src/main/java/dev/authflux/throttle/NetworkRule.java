package dev.authflux.throttle;

import java.time.Duration;

/**
 * The rules that count failures per client network in a fixed window, and refuse the
 * network until the window ends once it is full.
 */
public enum NetworkRule {

	/** Failed logins and password confirmations, across all accounts. */
	LOGIN("network") {
		@Override
		int max(ThrottleProperties rules) {
			return rules.ipMaxFailures();
		}

		@Override
		Duration window(ThrottleProperties rules) {
			return rules.ipWindow();
		}
	},

	/** Registrations of a name that is taken: probes for which names exist. */
	REGISTRATION("registration") {
		@Override
		int max(ThrottleProperties rules) {
			return rules.registrationMaxTaken();
		}

		@Override
		Duration window(ThrottleProperties rules) {
			return rules.registrationWindow();
		}
	},

	/** Failed HTTP Basic authentications of the introspection and admin clients. */
	CLIENT_AUTHENTICATION("client_auth") {
		@Override
		int max(ThrottleProperties rules) {
			return rules.clientAuthMaxFailures();
		}

		@Override
		Duration window(ThrottleProperties rules) {
			return rules.clientAuthWindow();
		}
	};

	private final String scope;

	NetworkRule(String scope) {
		this.scope = scope;
	}

	/** The {@code login_failures.scope} its counters are stored under. */
	public String scope() {
		return this.scope;
	}

	abstract int max(ThrottleProperties rules);

	abstract Duration window(ThrottleProperties rules);

}
