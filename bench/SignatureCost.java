import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

/**
 * The JDK's signing and verification cost on this machine, measured the way the
 * performance issue's reference table was (JDK {@code Signature}, 300-byte input, one
 * thread), so that the bench can say how this machine compares with the one the goals
 * were set on. Run by bench/run.sh as a single-file program ({@code java SignatureCost.java});
 * prints one line per algorithm: {@code SIGNATURE <name> sign_us=.. verify_us=..}.
 */
public class SignatureCost {

	private static final long WARM_UP_NANOS = 1_500_000_000L;

	private static final long MEASURE_NANOS = 1_000_000_000L;

	public static void main(String[] args) throws Exception {
		measure("ES256", "SHA256withECDSAinP1363Format", keys("EC", new ECGenParameterSpec("secp256r1")));
		measure("EdDSA", "Ed25519", keys("Ed25519", null));
		measure("RS256", "SHA256withRSA", keys("RSA", null));
	}

	private static KeyPair keys(String algorithm, ECGenParameterSpec spec) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
		if (spec != null) {
			generator.initialize(spec);
		}
		else if (algorithm.equals("RSA")) {
			generator.initialize(2048);
		}
		return generator.generateKeyPair();
	}

	private static void measure(String name, String algorithm, KeyPair keys) throws Exception {
		byte[] input = new byte[300];
		Arrays.fill(input, (byte) 'a');
		byte[] signature = sign(algorithm, keys, input);
		// Warm-up until C2 has compiled the hot loops, then time each operation alone.
		loop(WARM_UP_NANOS, () -> sign(algorithm, keys, input));
		loop(WARM_UP_NANOS, () -> verify(algorithm, keys, input, signature));
		double signMicros = loop(MEASURE_NANOS, () -> sign(algorithm, keys, input));
		double verifyMicros = loop(MEASURE_NANOS, () -> verify(algorithm, keys, input, signature));
		System.out.printf("SIGNATURE %s sign_us=%.0f verify_us=%.0f%n", name, signMicros, verifyMicros);
	}

	private static byte[] sign(String algorithm, KeyPair keys, byte[] input) throws Exception {
		Signature signer = Signature.getInstance(algorithm);
		signer.initSign(keys.getPrivate());
		signer.update(input);
		return signer.sign();
	}

	private static boolean verify(String algorithm, KeyPair keys, byte[] input, byte[] signature) throws Exception {
		Signature verifier = Signature.getInstance(algorithm);
		verifier.initVerify(keys.getPublic());
		verifier.update(input);
		if (!verifier.verify(signature)) {
			throw new IllegalStateException(algorithm + " did not verify its own signature");
		}
		return true;
	}

	/** Microseconds per operation, running it for about {@code nanos}. */
	private static double loop(long nanos, Operation operation) throws Exception {
		long start = System.nanoTime();
		long operations = 0;
		long now;
		do {
			operation.run();
			operations++;
			now = System.nanoTime();
		}
		while (now - start < nanos);
		return (now - start) / 1000.0 / operations;
	}

	private interface Operation {

		Object run() throws Exception;

	}

}
