package dev.authflux.oauth;

import java.util.ArrayList;
import java.util.List;

/**
 * What each scope lets a client do, in the words the consent page shows: a person decides
 * on these sentences, not on scope tokens.
 */
final class ScopeDescriptions {

	private ScopeDescriptions() {
	}

	/** One sentence per scope of the space-separated {@code scope}, in its order. */
	static List<String> of(String scope) {
		List<String> sentences = new ArrayList<>();
		for (String token : scope.split(" ")) {
			sentences.add(describe(token));
		}
		return sentences;
	}

	private static String describe(String scope) {
		return switch (scope) {
			case "openid" -> "Know who you are: sign you in with your account.";
			case "profile" -> "See your profile: your username.";
			case "email" -> "See your email address.";
			case "offline_access" -> "Keep access when you are not using it, until you revoke it.";
			default -> "Use the permission \u201c" + scope + "\u201d of this service's APIs.";
		};
	}

}
