package dev.authflux.login;

import java.util.List;
import java.util.Map;

/**
 * What the consent page shows and posts: who asks, for what, and the request to resume.
 *
 * @param clientName the client's registered name
 * @param username who is signed in
 * @param scopes what each requested scope lets the client do, in plain words
 * @param action where the form posts
 * @param fields the hidden fields that carry the authorization request
 */
public record ConsentForm(String clientName, String username, List<String> scopes, String action,
		List<Map.Entry<String, String>> fields) {

	/** The submit button's field; its values. */
	public static final String DECISION = "decision";

	public static final String ALLOW = "allow";

	public static final String DENY = "deny";

}
