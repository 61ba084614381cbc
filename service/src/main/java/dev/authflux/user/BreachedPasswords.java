package dev.authflux.user;

import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import me.gosimple.nbvcxz.resources.DictionaryUtil;

/**
 * The passwords attackers try first: nbvcxz's list of the 100,000 most common passwords
 * of breach corpora ({@code password}, {@code 12345678}, {@code qwertyuiop},
 * {@code iloveyou1}, ...), kept as their lower-case normalized forms and only those long
 * enough to pass the length rule. Read once, when the application starts: a lookup is a
 * hash-set probe, cheap on an event loop.
 */
final class BreachedPasswords {

	private final Set<String> passwords;

	private BreachedPasswords(Set<String> passwords) {
		this.passwords = passwords;
	}

	/** The list shipped with nbvcxz, read from its jar. */
	static BreachedPasswords load() {
		Map<String, Integer> ranked = DictionaryUtil.loadRankedDictionary(DictionaryUtil.passwords);
		if (ranked.isEmpty()) {
			// nbvcxz prints a read error and answers with what it had read; a list that
			// refuses nothing must stop the start, not pass unnoticed.
			throw new IllegalStateException("nbvcxz's list of common passwords could not be read");
		}
		Set<String> kept = new HashSet<>();
		for (String password : ranked.keySet()) {
			// Shorter ones never pass the length rule: no need to keep them.
			if (CredentialRules.hasAllowedLength(password)) {
				kept.add(key(password));
			}
		}
		return new BreachedPasswords(Collections.unmodifiableSet(kept));
	}

	/** Whether the password is on the list, in any letter case or Unicode form. */
	boolean contains(String password) {
		return this.passwords.contains(key(password));
	}

	private static String key(String password) {
		return CredentialRules.normalizedPassword(password).toLowerCase(Locale.ROOT);
	}

}
