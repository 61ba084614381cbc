package dev.authflux.support;

import java.util.UUID;

import dev.authflux.audit.ClientInfo;

/** Fresh credentials for each test, so tests never need a clean database or collide. */
public final class TestUsers {

	/** Where test requests made straight to services come from. */
	public static final ClientInfo CLIENT = new ClientInfo("127.0.0.1", "authflux-tests");

	private TestUsers() {
	}

	public static Credentials alice() {
		return unique("alice");
	}

	public static Credentials unique(String prefix) {
		String suffix = UUID.randomUUID().toString().substring(0, 12);
		return new Credentials(prefix + "-" + suffix, "correct horse " + suffix);
	}

	public record Credentials(String username, String password) {

		public String json() {
			return "{\"username\":\"" + this.username + "\",\"password\":\"" + this.password + "\"}";
		}

	}

}
