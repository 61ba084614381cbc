package dev.authflux.support;

import java.util.ArrayList;
import java.util.List;

/**
 * How the service must answer a {@link BadRequest}: one of a few statuses with their
 * problem {@code code}, in the body format of the endpoint, perhaps with a
 * {@code WWW-Authenticate} challenge.
 *
 * @param format the body format
 * @param answers the acceptable status and code pairs (more than one only where a refused
 * login may also be throttled)
 * @param challenge the {@code WWW-Authenticate} header required, or {@code null}
 */
public record Refusal(Format format, List<Answer> answers, String challenge) {

	/** The shape of the body. */
	public enum Format {

		/** RFC 9457 problem document with {@code code}. */
		PROBLEM,

		/**
		 * The original service's {@code {"errors": "..."}}, on {@code POST /api/auth}.
		 */
		LEGACY_ERRORS,

		/**
		 * RFC 7662's {@code {"active": false}}: introspection of what is no token of
		 * ours.
		 */
		INACTIVE_TOKEN,

		/**
		 * RFC 6749 §5.2's {@code {"error", "error_description"}}, on the OAuth endpoints.
		 */
		OAUTH_ERROR

	}

	/** An acceptable status, and the problem code that must come with it. */
	public record Answer(int status, String code) {
	}

	public static Refusal problem(int status, String code) {
		return new Refusal(Format.PROBLEM, List.of(new Answer(status, code)), null);
	}

	/** An OAuth endpoint's error: the status with RFC 6749's {@code error}. */
	public static Refusal oauth(int status, String error) {
		return new Refusal(Format.OAUTH_ERROR, List.of(new Answer(status, error)), null);
	}

	/** Introspection's answer for a token that is not active: 200, never an error. */
	public static Refusal inactiveToken() {
		return new Refusal(Format.INACTIVE_TOKEN, List.of(new Answer(200, null)), null);
	}

	/** Another acceptable answer. */
	public Refusal or(int status, String code) {
		List<Answer> all = new ArrayList<>(this.answers);
		all.add(new Answer(status, code));
		return new Refusal(this.format, List.copyOf(all), this.challenge);
	}

	public Refusal withChallenge(String challenge) {
		return new Refusal(this.format, this.answers, challenge);
	}

	public Refusal inLegacyFormat() {
		return new Refusal(Format.LEGACY_ERRORS, this.answers, this.challenge);
	}

}
