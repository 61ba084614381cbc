package dev.authflux.client;

import java.util.Arrays;

/**
 * How a client authenticates at the token endpoint (RFC 7591 §2,
 * {@code token_endpoint_auth_method}).
 */
public enum AuthMethod {

	/** HTTP Basic with the form-urlencoded id and secret (RFC 6749 §2.3.1). */
	CLIENT_SECRET_BASIC("client_secret_basic"),

	/** {@code client_id} and {@code client_secret} in the form body (RFC 6749 §2.3.1). */
	CLIENT_SECRET_POST("client_secret_post"),

	/** A public client: {@code client_id} in the form, no secret. */
	NONE("none");

	private final String value;

	AuthMethod(String value) {
		this.value = value;
	}

	/** The RFC 7591 name. */
	public String value() {
		return this.value;
	}

	static AuthMethod of(String value) {
		return Arrays.stream(values()).filter((method) -> method.value.equals(value)).findFirst().orElse(null);
	}

}
