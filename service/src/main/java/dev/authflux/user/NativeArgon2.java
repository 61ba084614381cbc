package dev.authflux.user;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import com.sun.jna.NativeLibrary;
import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Factory.Argon2Types;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Which build of argon2's C library computes the hashes. argon2-jvm calls whichever
 * {@code libargon2} JNA finds first: the system's (Debian's package) or its own bundled
 * one, both argon2's portable reference build. The same library's optimized build (SIMD)
 * computes the same hashes several times as fast, and logins per core follow
 * (docs/performance.md, Decision log).
 *
 * <p>
 * {@code service/native/build-argon2.sh} compiles it into a directory with one build per
 * instruction set ({@code avx2/}, {@code generic/}); the JVM system property
 * {@value #LIBRARY_DIR} names that directory ({@code make run}, the Docker image and the
 * test suite set it). The build this CPU can run is put first on JNA's search path for
 * argon2, once per JVM, since a native library is loaded once per process. Without the
 * property, or with no build that fits, the reference build is used.
 */
final class NativeArgon2 {

	/** JVM system property: the directory the optimized builds are in. */
	static final String LIBRARY_DIR = "authflux.argon2.library-dir";

	/** The library's name for JNA: {@code libargon2.so}. */
	private static final String LIBRARY_NAME = "argon2";

	private static final String FILE_NAME = "lib" + LIBRARY_NAME + ".so";

	private static final Log logger = LogFactory.getLog(NativeArgon2.class);

	/** The library file loaded in this JVM. */
	private static final Path LOADED = load(System.getProperty(LIBRARY_DIR, ""));

	private NativeArgon2() {
	}

	/** argon2id through the library this JVM loaded. */
	static Argon2 argon2id(int saltBytes, int hashBytes) {
		return Argon2Factory.create(Argon2Types.ARGON2id, saltBytes, hashBytes);
	}

	/** The file of the argon2 library in use, e.g. {@code .../avx2/libargon2.so}. */
	static Path loaded() {
		return LOADED;
	}

	/**
	 * The build in {@code dir} that a CPU with these {@code /proc/cpuinfo} flags can run:
	 * the AVX2 one if the CPU has AVX2 (Linux lists it only when the kernel saves the AVX
	 * registers too), else the one for every x86-64 CPU.
	 */
	static Optional<Path> buildFor(Path dir, String cpuFlags) {
		return buildsFor(dir, cpuFlags).stream().findFirst();
	}

	/** The builds in {@code dir} a CPU with these flags can run, fastest first. */
	static List<Path> buildsFor(Path dir, String cpuFlags) {
		return variantsFor(cpuFlags).stream()
			.map((variant) -> dir.resolve(variant).resolve(FILE_NAME))
			.filter(Files::isRegularFile)
			.toList();
	}

	/** The builds a CPU with these flags can run, fastest first. */
	private static List<String> variantsFor(String cpuFlags) {
		boolean avx2 = Arrays.asList(cpuFlags.split("\\s+")).contains("avx2");
		return avx2 ? List.of("avx2", "generic") : List.of("generic");
	}

	private static Path load(String dir) {
		Optional<Path> build = (dir.isEmpty() || !isLinuxOnX8664()) ? Optional.empty()
				: buildFor(Path.of(dir), cpuFlags());
		build.ifPresent((file) -> NativeLibrary.addSearchPath(LIBRARY_NAME, file.getParent().toString()));
		Path loaded = NativeLibrary.getInstance(LIBRARY_NAME).getFile().toPath();
		if (build.isPresent() && build.get().equals(loaded)) {
			logger.info("argon2: optimized build " + loaded);
		}
		else {
			logger.warn("argon2: reference build " + loaded + ", two to three times slower than the optimized one"
					+ (dir.isEmpty() ? " (no -D" + LIBRARY_DIR + "; service/native/build-argon2.sh makes it)"
							: " (none for this CPU loaded from " + dir + ")"));
		}
		return loaded;
	}

	/** Where the optimized builds run: the script makes them for Linux on x86-64 only. */
	static boolean isLinuxOnX8664() {
		String arch = System.getProperty("os.arch", "");
		return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
				&& (arch.equals("amd64") || arch.equals("x86_64"));
	}

	/** The {@code flags} line of {@code /proc/cpuinfo}; empty if there is none. */
	static String cpuFlags() {
		try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
			return lines.filter((line) -> line.startsWith("flags")).findFirst().orElse("");
		}
		catch (IOException ex) {
			return "";
		}
	}

}
