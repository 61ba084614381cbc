package dev.authflux.user;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.sun.jna.Native;
import de.mkammerer.argon2.jna.Argon2Library;
import de.mkammerer.argon2.jna.Size_t;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class NativeArgon2Tests {

	/**
	 * A hash of {@code correct horse battery} made by argon2's reference build
	 * (argon2-jvm's bundled library and Debian's both give it): passwords stored before
	 * the optimized build was used must keep verifying with it.
	 */
	static final String REFERENCE_HASH = "$argon2id$v=19$m=19456,t=2,p=1$AQIDBAUGBwgJCgsMDQ4PEA$qQMgn9BBXGm1FG5hbgVLTB/c49pso4YEKQMbq6g2F5M";

	private static final int ARGON2_OK = 0;

	private static final String AVX2_CPU = "flags\t\t: fpu sse2 ssse3 avx avx2 bmi2";

	private static final String SSE_CPU = "flags\t\t: fpu sse2 ssse3 sse4_1 avx avx512f";

	@TempDir
	Path dir;

	@Test
	void buildForWhenCpuHasAvx2ThenTheAvx2Build() throws IOException {
		Path avx2 = build("avx2");
		build("generic");
		assertThat(NativeArgon2.buildFor(this.dir, AVX2_CPU)).contains(avx2);
	}

	@Test
	void buildForWhenCpuLacksAvx2ThenTheGenericBuild() throws IOException {
		build("avx2");
		Path generic = build("generic");
		// avx512f is not avx2: flags are matched whole
		assertThat(NativeArgon2.buildFor(this.dir, SSE_CPU)).contains(generic);
		assertThat(NativeArgon2.buildFor(this.dir, "")).contains(generic);
	}

	@Test
	void buildForWhenOnlyTheGenericBuildThenItEvenWithAvx2() throws IOException {
		Path generic = build("generic");
		assertThat(NativeArgon2.buildFor(this.dir, AVX2_CPU)).contains(generic);
	}

	@Test
	void buildForWhenNoBuildThenNone() throws IOException {
		assertThat(NativeArgon2.buildFor(this.dir, AVX2_CPU)).isEmpty();
		assertThat(NativeArgon2.buildFor(this.dir.resolve("missing"), AVX2_CPU)).isEmpty();
		Files.createDirectories(this.dir.resolve("avx2"));
		assertThat(NativeArgon2.buildFor(this.dir, AVX2_CPU)).isEmpty();
	}

	@Test
	void loadedIsTheBuildForThisCpuWhenTheTestRunHasOne() {
		// `make test` makes the builds and the pom names their directory; where none
		// could be made, the reference build must be the one loaded.
		String dir = System.getProperty(NativeArgon2.LIBRARY_DIR, "");
		Optional<Path> build = dir.isEmpty() ? Optional.empty()
				: NativeArgon2.buildFor(Path.of(dir), NativeArgon2.cpuFlags());
		if (build.isPresent() && NativeArgon2.isLinuxOnX8664()) {
			assertThat(NativeArgon2.loaded()).isEqualTo(build.get());
		}
		else {
			assertThat(NativeArgon2.loaded().getFileName().toString()).startsWith("libargon2.");
		}
	}

	@Test
	void everyBuildThisCpuCanRunVerifiesAHashOfTheReferenceBuild() {
		// Loaded by path: the build this JVM did not pick is checked too.
		Path dir = Path.of(System.getProperty(NativeArgon2.LIBRARY_DIR, "none"));
		List<Path> builds = NativeArgon2.buildsFor(dir, NativeArgon2.cpuFlags());
		if (Files.isDirectory(dir)) {
			assertThat(builds).as("builds in " + dir).isNotEmpty();
		}
		for (Path build : builds) {
			Argon2Library library = Native.load(build.toString(), Argon2Library.class);
			assertThat(verify(library, "correct horse battery")).as(build.toString()).isEqualTo(ARGON2_OK);
			assertThat(verify(library, "correct horse batterY")).as(build.toString()).isNotEqualTo(ARGON2_OK);
		}
	}

	private static int verify(Argon2Library library, String password) {
		byte[] encoded = (REFERENCE_HASH + "\0").getBytes(StandardCharsets.US_ASCII);
		byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
		return library.argon2id_verify(encoded, bytes, new Size_t(bytes.length));
	}

	private Path build(String variant) throws IOException {
		Path file = this.dir.resolve(variant).resolve("libargon2.so");
		Files.createDirectories(file.getParent());
		return Files.writeString(file, "not really a library");
	}

}
