package dev.authflux.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import tools.jackson.databind.json.JsonMapper;

/**
 * A passkey authenticator in the test's own code, for API tests without a browser: an
 * ES256 key pair, a sign counter, and the JSON a browser's {@code toJSON()} gives of its
 * registration and assertion responses (attestation "none"). Each response can be bent
 * (another origin, counter or user handle) to show what the service refuses.
 * {@code PasskeyBrowserTests} uses Chromium's own authenticator instead.
 */
public final class SoftwareAuthenticator {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private static final byte UP = 0x01;

	private static final byte UV = 0x04;

	private static final byte AT = 0x40;

	private static final ObjectConverter CONVERTER = new ObjectConverter();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final KeyPair keys;

	private final byte[] credentialId = new byte[32];

	private final String rpId;

	private final String origin;

	private byte[] userHandle;

	private long counter;

	private boolean verifiesUser = true;

	public SoftwareAuthenticator(String rpId, String origin) {
		this.rpId = rpId;
		this.origin = origin;
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			this.keys = generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		new SecureRandom().nextBytes(this.credentialId);
	}

	/** For the service under {@code ApplicationTest}: RP ID {@code localhost}. */
	public static SoftwareAuthenticator forDefaultIssuer() {
		return new SoftwareAuthenticator("localhost", "http://localhost:8080");
	}

	public String credentialId() {
		return BASE64URL.encodeToString(this.credentialId);
	}

	/**
	 * The registration response to creation options (the service's JSON), remembering
	 * their user handle for later assertions.
	 */
	@SuppressWarnings("unchecked")
	public String register(Map<String, Object> options) {
		this.userHandle = Base64.getUrlDecoder().decode((String) ((Map<String, Object>) options.get("user")).get("id"));
		return registration((String) options.get("challenge"), this.origin);
	}

	/** A registration response to the challenge from the origin. */
	public String registration(String challenge, String fromOrigin) {
		byte[] clientData = clientData("webauthn.create", challenge, fromOrigin);
		AuthenticatorData<RegistrationExtensionAuthenticatorOutput> data = new AuthenticatorData<>(rpIdHash(),
				(byte) (UP | UV | AT), this.counter, new AttestedCredentialData(AAGUID.ZERO, this.credentialId,
						EC2COSEKey.create((ECPublicKey) this.keys.getPublic(), COSEAlgorithmIdentifier.ES256)));
		byte[] attestation = new AttestationObjectConverter(CONVERTER)
			.convertToBytes(new AttestationObject(data, new NoneAttestationStatement()));
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("clientDataJSON", BASE64URL.encodeToString(clientData));
		response.put("attestationObject", BASE64URL.encodeToString(attestation));
		response.put("transports", List.of("internal"));
		return credential(response);
	}

	/**
	 * From now on, assertions that show the user present but not verified: an
	 * authenticator without a PIN or biometrics.
	 */
	public SoftwareAuthenticator presenceOnly() {
		this.verifiesUser = false;
		return this;
	}

	/** An assertion for request options (the service's JSON), with the next counter. */
	public String assertion(Map<String, Object> options) {
		return assertion((String) options.get("challenge"), this.origin, ++this.counter, this.userHandle);
	}

	/** An assertion with everything chosen by the test. */
	public String assertion(String challenge, String fromOrigin, long signCount, byte[] handle) {
		byte[] clientData = clientData("webauthn.get", challenge, fromOrigin);
		byte[] authenticatorData = new AuthenticatorDataConverter(CONVERTER)
			.convert(new AuthenticatorData<>(rpIdHash(), (byte) (this.verifiesUser ? UP | UV : UP), signCount));
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("clientDataJSON", BASE64URL.encodeToString(clientData));
		response.put("authenticatorData", BASE64URL.encodeToString(authenticatorData));
		response.put("signature", BASE64URL.encodeToString(sign(authenticatorData, clientData)));
		if (handle != null) {
			response.put("userHandle", BASE64URL.encodeToString(handle));
		}
		return credential(response);
	}

	public byte[] userHandle() {
		return this.userHandle;
	}

	public long counter() {
		return this.counter;
	}

	private String credential(Map<String, Object> response) {
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("id", credentialId());
		credential.put("rawId", credentialId());
		credential.put("type", "public-key");
		credential.put("response", response);
		credential.put("clientExtensionResults", Map.of());
		credential.put("authenticatorAttachment", "platform");
		return JSON.writeValueAsString(credential);
	}

	private byte[] clientData(String type, String challenge, String fromOrigin) {
		Map<String, Object> clientData = new LinkedHashMap<>();
		clientData.put("type", type);
		clientData.put("challenge", challenge);
		clientData.put("origin", fromOrigin);
		clientData.put("crossOrigin", false);
		return JSON.writeValueAsString(clientData).getBytes(StandardCharsets.UTF_8);
	}

	private byte[] rpIdHash() {
		return sha256(this.rpId.getBytes(StandardCharsets.UTF_8));
	}

	private byte[] sign(byte[] authenticatorData, byte[] clientData) {
		try {
			Signature signature = Signature.getInstance("SHA256withECDSA");
			signature.initSign(this.keys.getPrivate());
			signature.update(authenticatorData);
			signature.update(sha256(clientData));
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] sha256(byte[] value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
