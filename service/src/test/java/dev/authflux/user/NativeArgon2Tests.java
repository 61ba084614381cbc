package dev.authflux.user;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class NativeArgon2Tests {

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
		// `make test` builds it (service/native/build-argon2.sh) and the pom points the
		// tests
		// at it; where it could not be built, the reference build must be the one loaded.
		String dir = System.getProperty(NativeArgon2.LIBRARY_DIR, "");
		Optional<Path> build = dir.isEmpty() ? Optional.empty()
				: NativeArgon2.buildFor(Path.of(dir), NativeArgon2.cpuFlags());
		if (build.isPresent() && System.getProperty("os.arch").equals("amd64")) {
			assertThat(NativeArgon2.loaded()).isEqualTo(build.get());
		}
		else {
			assertThat(NativeArgon2.loaded().getFileName().toString()).startsWith("libargon2.");
		}
	}

	private Path build(String variant) throws IOException {
		Path file = this.dir.resolve(variant).resolve("libargon2.so");
		Files.createDirectories(file.getParent());
		return Files.writeString(file, "not really a library");
	}

}
