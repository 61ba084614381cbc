package dev.authflux.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * JSON request bodies that no endpoint may accept, made for the fields of one endpoint:
 * fixed classics plus cases drawn from a seeded {@link Random}, so every run sends the
 * same bytes and a failure can be replayed.
 */
public final class BadBodies {

	/** Invalid UTF-8: stray continuation bytes, truncated and overlong sequences. */
	static final List<String> INVALID_UTF8 = List.of("c328", "a0a1", "e228a1", "e28228", "f0288cbc", "f09028bc",
			"f8a1a1a1a1", "fca1a1a1a1a1", "c0af", "e080af", "eda080", "ff", "fe", "80", "bf");

	/**
	 * Control and odd characters, JSON-escaped: valid JSON, so each reaches the
	 * endpoint's own rules.
	 */
	static final List<String> ESCAPED_CONTROL = List.of("\\u0000", "\\u0001", "\\u0008", "\\u001b", "\\u007f",
			"\\u2028", "\\ud800", "\\udfff");

	private static final List<String> NOT_JSON = List.of(" ", "{", "}", "[", "{{}}", "not json", "{\"a\"}", "{\"a\":}",
			"{,}", "{\"a\":1,}", "[1,2", "\"\\u", "{\"a\":\"\\x\"}", "{'a':'b'}", "{a:1}", "{\"a\":NaN}", "{\"a\":01}",
			"{\"a\":.5}", "{\"a\":\"unterminated}", "{\"a\" \"b\"}", "{\"a\":tru}", "{\"a\":nul}", "<xml/>", "a=b&c=d",
			"\u0000", "{\"a\":1}}", "{\"a\":[1,2}", "{\"a\":\"b\",,\"c\":1}");

	private static final List<String> NOT_AN_OBJECT = List.of("[]", "[{}]", "\"text\"", "42", "-1.5e300", "true",
			"false", "null");

	private static final List<String> WRONG_TYPES = List.of("0", "1234567890123", "-1.5", "1e400", "true", "false",
			"[]", "[\"text\"]", "{}", "{\"value\":\"text\"}", "null");

	/** Why a body is bad; each endpoint has its own answer for each. */
	public enum Fault {

		/** Not a JSON object at all: 400 {@code malformed_request}. */
		MALFORMED,

		/**
		 * A JSON object whose fields break their rules: 400 {@code validation_failed}.
		 */
		INVALID,

		/** Over the body limit: 413 {@code payload_too_large}. */
		TOO_LARGE,

		/**
		 * Well-formed and valid, but refused by the endpoint's rules: a username that
		 * breaks the format, a password or refresh token that matches nothing.
		 */
		REFUSED

	}

	/** One bad body, and why it is bad. */
	public record Body(String description, byte[] bytes, boolean chunked, Fault fault) {
	}

	/**
	 * A member of the endpoint's request object.
	 *
	 * @param name its JSON name
	 * @param plausible a valid value (for a password or refresh token, a wrong one, so
	 * that only registration would act on the plausible body)
	 * @param maxLength the longest value its validation lets through
	 * @param refusesControlCharacters whether any value with a control character in it is
	 * refused by the endpoint's rules (true for a username at registration, false for a
	 * new password, which may hold any character)
	 */
	public record Field(String name, String plausible, int maxLength, boolean refusesControlCharacters) {
	}

	private final Random random;

	private final int limitBytes;

	private final List<Field> fields;

	private final List<Body> bodies = new ArrayList<>();

	private BadBodies(long seed, int limitBytes, List<Field> fields) {
		this.random = new Random(seed);
		this.limitBytes = limitBytes;
		this.fields = fields;
	}

	/**
	 * @param seed the seed of the generated cases
	 * @param limitBytes the service's body limit
	 * @param fields the endpoint's fields
	 */
	public static List<Body> generate(long seed, int limitBytes, List<Field> fields) {
		BadBodies generator = new BadBodies(seed, limitBytes, fields);
		generator.notJson();
		generator.wrongTypes();
		generator.tooLong();
		generator.deeplyNested();
		generator.invalidUtf8();
		generator.controlCharacters();
		generator.randomCases(15);
		return List.copyOf(generator.bodies);
	}

	private void notJson() {
		NOT_JSON.forEach((text) -> add("not JSON: " + printable(text), text, Fault.MALFORMED));
		NOT_AN_OBJECT.forEach((text) -> add("not an object: " + text, text, Fault.MALFORMED));
		add("the object in an array", "[" + plausible() + "]", Fault.MALFORMED);
		add("empty body", "", Fault.MALFORMED);
		String plausible = plausible();
		for (int length = 1; length < plausible.length(); length++) {
			add("truncated to " + length + " bytes", plausible.substring(0, length), Fault.MALFORMED);
		}
		for (String trailing : List.of("}", "]", ",", "x", "{}", ",\"a\":1}")) {
			add("trailing " + trailing + " after the object", plausible + trailing, Fault.MALFORMED);
		}
	}

	private void wrongTypes() {
		add("empty object", "{}", Fault.INVALID);
		for (Field field : this.fields) {
			add(field.name() + " missing", object(field, null), Fault.INVALID);
			for (String value : WRONG_TYPES) {
				add(field.name() + " is " + value, object(field, value), Fault.INVALID);
			}
		}
	}

	private void tooLong() {
		for (Field field : this.fields) {
			add(field.name() + " one over its limit", object(field, quoted("x".repeat(field.maxLength() + 1))),
					Fault.INVALID);
			add(field.name() + " of 15000 characters", object(field, quoted("x".repeat(15_000))), Fault.INVALID);
		}
		Field first = this.fields.get(0);
		String exactlyAtLimit = padded(first, this.limitBytes);
		add("body exactly at the limit, " + first.name() + " too long", exactlyAtLimit, Fault.INVALID);
		for (int size : new int[] { this.limitBytes + 1, this.limitBytes + 1000, 64 * 1024, 1024 * 1024 }) {
			String body = padded(first, size);
			this.bodies
				.add(new Body("body of " + size + " bytes with Content-Length", utf8(body), false, Fault.TOO_LARGE));
			this.bodies.add(new Body("body of " + size + " bytes, chunked", utf8(body), true, Fault.TOO_LARGE));
		}
	}

	private void deeplyNested() {
		add("10000 unclosed arrays", "[".repeat(10_000), Fault.MALFORMED);
		add("8000 nested arrays", "[".repeat(8000) + "]".repeat(8000), Fault.MALFORMED);
		add("2500 nested objects", "{\"a\":".repeat(2500) + "1" + "}".repeat(2500), Fault.MALFORMED);
		Field first = this.fields.get(0);
		add(first.name() + " holds 7000 nested arrays",
				object(first, "[".repeat(7000) + "]".repeat(7000)).replace("\n", ""), Fault.MALFORMED);
		StringBuilder wide = new StringBuilder("{");
		for (int i = 0; i < 1200; i++) {
			wide.append("\"k").append(i).append("\":").append(i).append(',');
		}
		wide.setLength(wide.length() - 1);
		add("1200 unknown members and none of the fields", wide.append('}').toString(), Fault.INVALID);
	}

	private void invalidUtf8() {
		for (Field field : this.fields) {
			for (String hex : INVALID_UTF8) {
				byte[] bytes = insertIntoValue(field, HexFormat.of().parseHex(hex));
				this.bodies
					.add(new Body("invalid UTF-8 " + hex + " in " + field.name(), bytes, false, Fault.MALFORMED));
			}
		}
	}

	private void controlCharacters() {
		for (Field field : this.fields) {
			// Raw control characters inside a string are not JSON (RFC 8259 §7).
			for (int raw : new int[] { 0x00, 0x01, 0x09, 0x0a, 0x1f }) {
				byte[] bytes = insertIntoValue(field, new byte[] { (byte) raw });
				this.bodies.add(new Body("raw control byte %02x in %s".formatted(raw, field.name()), bytes, false,
						Fault.MALFORMED));
			}
			if (field.refusesControlCharacters()) {
				for (String escaped : ESCAPED_CONTROL) {
					String value = "\"" + field.plausible() + escaped + "z\"";
					add(escaped + " in " + field.name(), object(field, value), Fault.REFUSED);
				}
			}
		}
	}

	private void randomCases(int each) {
		for (int i = 0; i < each; i++) {
			byte[] garbage = new byte[1 + this.random.nextInt(200)];
			this.random.nextBytes(garbage);
			// Never '{' or whitespace first, so it cannot be a valid object by chance.
			garbage[0] = (byte) ('!' + this.random.nextInt('{' - '!'));
			this.bodies.add(new Body("random bytes #" + i, garbage, false, Fault.MALFORMED));
		}
		for (int i = 0; i < each; i++) {
			Field field = this.fields.get(this.random.nextInt(this.fields.size()));
			String value = randomNonString(4);
			add("random " + field.name() + " #" + i + ": " + abbreviated(value), object(field, value), Fault.INVALID);
		}
		for (int i = 0; i < each; i++) {
			byte[] plausible = utf8(plausible());
			String hex = INVALID_UTF8.get(this.random.nextInt(INVALID_UTF8.size()));
			int at = this.random.nextInt(plausible.length + 1);
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			bytes.write(plausible, 0, at);
			bytes.writeBytes(HexFormat.of().parseHex(hex));
			bytes.write(plausible, at, plausible.length - at);
			this.bodies.add(new Body("invalid UTF-8 " + hex + " at byte " + at + " #" + i, bytes.toByteArray(), false,
					Fault.MALFORMED));
		}
	}

	/** A JSON value that is anything but a string: where a string belongs, invalid. */
	private String randomNonString(int depth) {
		int kind = this.random.nextInt((depth > 0) ? 6 : 4);
		return switch (kind) {
			case 0 -> Long.toString(this.random.nextLong());
			case 1 -> Double.toString(this.random.nextDouble() * Math.pow(10, this.random.nextInt(40) - 20));
			case 2 -> Boolean.toString(this.random.nextBoolean());
			case 3 -> "null";
			case 4 -> {
				List<String> items = new ArrayList<>();
				for (int i = this.random.nextInt(4); i > 0; i--) {
					items.add(this.random.nextBoolean() ? quoted("s" + i) : randomNonString(depth - 1));
				}
				yield "[" + String.join(",", items) + "]";
			}
			default -> {
				List<String> members = new ArrayList<>();
				for (int i = this.random.nextInt(4); i > 0; i--) {
					members.add(quoted("m" + i) + ":" + randomNonString(depth - 1));
				}
				yield "{" + String.join(",", members) + "}";
			}
		};
	}

	/** Every field with its plausible value. */
	private String plausible() {
		return object(null, null);
	}

	/**
	 * The plausible object with {@code replaced} set to the raw JSON {@code value}, or
	 * left out if {@code value} is null.
	 */
	private String object(Field replaced, String value) {
		Map<String, String> members = new LinkedHashMap<>();
		for (Field field : this.fields) {
			if (field.equals(replaced)) {
				if (value != null) {
					members.put(field.name(), value);
				}
			}
			else {
				members.put(field.name(), quoted(field.plausible()));
			}
		}
		List<String> pairs = new ArrayList<>();
		members.forEach((name, raw) -> pairs.add(quoted(name) + ":" + raw));
		return "{" + String.join(",", pairs) + "}";
	}

	/** The plausible object, with {@code bytes} inside the field's string value. */
	private byte[] insertIntoValue(Field field, byte[] bytes) {
		String marker = "\u0001MARK\u0001";
		String template = object(field, quoted(field.plausible().substring(0, 1) + marker + field.plausible()));
		String escapedMarker = quoted(marker).substring(1, quoted(marker).length() - 1);
		String[] parts = template.split(java.util.regex.Pattern.quote(escapedMarker));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(utf8(parts[0]));
		out.writeBytes(bytes);
		out.writeBytes(utf8(parts[1]));
		return out.toByteArray();
	}

	/**
	 * The plausible object, the field's value padded so the body is {@code size} bytes.
	 */
	private String padded(Field field, int size) {
		int overhead = object(field, quoted("")).length();
		return object(field, quoted("x".repeat(size - overhead)));
	}

	private void add(String description, String body, Fault fault) {
		this.bodies.add(new Body(description, utf8(body), false, fault));
	}

	static String quoted(String text) {
		StringBuilder json = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c < 0x20) {
						json.append("\\u%04x".formatted((int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"').toString();
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String printable(String text) {
		return text.replace("\u0000", "NUL");
	}

	private static String abbreviated(String text) {
		return (text.length() > 40) ? text.substring(0, 40) + "..." : text;
	}

}
