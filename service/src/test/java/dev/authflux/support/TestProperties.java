package dev.authflux.support;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Configuration records as the application binds them: the documented defaults, with the
 * given settings on top, so tests state only what they change.
 */
public final class TestProperties {

	private TestProperties() {
	}

	/**
	 * @param prefix the records' prefix, e.g. {@code authflux.token}
	 * @param settings keys relative to the prefix, e.g. {@code algorithm=RS256}
	 */
	public static <T> T bind(String prefix, Class<T> type, String... settings) {
		MapConfigurationPropertySource source = new MapConfigurationPropertySource();
		for (String setting : settings) {
			int equals = setting.indexOf('=');
			source.put(prefix + "." + setting.substring(0, equals), setting.substring(equals + 1));
		}
		return new Binder(source).bindOrCreate(prefix, type);
	}

}
