package dev.authflux.support;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Access tokens a client must not get past the service with, made from a genuine one: the
 * classic JWT attacks ({@code alg: none}, HS256 keyed with the public key, a key of the
 * attacker's own, an edited payload) and, signed with the service's real key read from
 * the database, tokens whose only fault is a claim (expired, wrong issuer, wrong type, a
 * subject that does not own the session). Assumes the default ES256 keys.
 */
public final class ForgedTokens {

	private static final JOSEObjectType ACCESS_TOKEN = JOSEObjectType.JWT;

	private final SignedJWT genuine;

	private final String[] parts;

	private final JWTClaimsSet claims;

	private final ECKey serviceKey;

	private final ECKey stranger;

	private final Map<String, String> tokens = new LinkedHashMap<>();

	private ForgedTokens(String genuine, ECKey serviceKey) throws Exception {
		this.genuine = SignedJWT.parse(genuine);
		this.parts = genuine.split("\\.");
		this.claims = this.genuine.getJWTClaimsSet();
		this.serviceKey = serviceKey;
		this.stranger = new ECKeyGenerator(Curve.P_256).keyID("stranger-" + UUID.randomUUID()).generate();
	}

	/**
	 * @param genuine a live access token to start from
	 * @param otherUserId the id of another user, for a token whose subject does not own
	 * its session
	 * @return description to token
	 */
	public static Map<String, String> from(String genuine, UUID otherUserId) {
		try {
			ForgedTokens forged = new ForgedTokens(genuine, activeServiceKey());
			forged.withoutAValidSignature();
			forged.signedByTheServiceWithBadClaims(otherUserId);
			forged.malformed();
			return forged.tokens;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not forge tokens", ex);
		}
	}

	private void withoutAValidSignature() throws JOSEException {
		String kid = this.genuine.getHeader().getKeyID();
		String payload = this.parts[1];
		add("alg none", b64("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}") + "." + payload + ".");
		add("alg NONE", b64("{\"alg\":\"NONE\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}") + "." + payload + ".");
		add("alg none, no signature part",
				b64("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}") + "." + payload);
		String publicJwk = this.serviceKey.toPublicJWK().toJSONString();
		byte[] der = this.serviceKey.toECPublicKey().getEncoded();
		String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
				+ "\n-----END PUBLIC KEY-----\n";
		add("HS256 keyed with the public JWK", hmac(JWSAlgorithm.HS256, publicJwk.getBytes(StandardCharsets.UTF_8)));
		add("HS256 keyed with the public key's DER", hmac(JWSAlgorithm.HS256, der));
		add("HS256 keyed with the public key's PEM", hmac(JWSAlgorithm.HS256, pem.getBytes(StandardCharsets.UTF_8)));
		add("HS512 keyed with the public JWK", hmac(JWSAlgorithm.HS512, publicJwk.getBytes(StandardCharsets.UTF_8)));
		add("unknown kid, signed by a stranger's key", sign(header(JWSAlgorithm.ES256, this.stranger.getKeyID()),
				this.claims, new ECDSASigner(this.stranger)));
		add("our kid, signed by a stranger's key",
				sign(header(JWSAlgorithm.ES256, kid), this.claims, new ECDSASigner(this.stranger)));
		add("our kid, the stranger's key embedded as jwk",
				sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid)
					.type(ACCESS_TOKEN)
					.jwk(this.stranger.toPublicJWK())
					.build(), this.claims, new ECDSASigner(this.stranger)));
		add("signature byte changed", this.parts[0] + "." + payload + "." + flipped(this.parts[2]));
		add("signature removed", this.parts[0] + "." + payload + ".");
		String edited = b64(this.claims.toPayload().toString().replace("\"sub\":\"", "\"sub\":\"0"));
		add("payload edited, signature kept", this.parts[0] + "." + edited + "." + this.parts[2]);
		add("alg ES384 claimed, signature kept", b64("{\"alg\":\"ES384\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}")
				+ "." + payload + "." + this.parts[2]);
		add("alg RS256 claimed, signature kept", b64("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}")
				+ "." + payload + "." + this.parts[2]);
	}

	private void signedByTheServiceWithBadClaims(UUID otherUserId) throws JOSEException {
		Instant now = Instant.now();
		serviceSigned("expired an hour ago", (claims) -> claims.issueTime(Date.from(now.minusSeconds(7200)))
			.expirationTime(Date.from(now.minusSeconds(3600))));
		serviceSigned("expired two minutes ago (past the clock skew)",
				(claims) -> claims.issueTime(Date.from(now.minusSeconds(720)))
					.expirationTime(Date.from(now.minusSeconds(120))));
		serviceSigned("wrong iss", (claims) -> claims.issuer("https://evil.example"));
		serviceSigned("no iss", (claims) -> claims.issuer(null));
		serviceSigned("no exp", (claims) -> claims.expirationTime(null));
		serviceSigned("no sid", (claims) -> claims.claim("sid", null));
		serviceSigned("no sub", (claims) -> claims.subject(null));
		serviceSigned("sid not a UUID", (claims) -> claims.claim("sid", "'; DROP TABLE sessions; --"));
		serviceSigned("sub not a UUID", (claims) -> claims.subject("admin"));
		serviceSigned("sid of no session", (claims) -> claims.claim("sid", UUID.randomUUID().toString()));
		serviceSigned("sub of another user, sid of this session", (claims) -> claims.subject(otherUserId.toString()));
		String kid = this.genuine.getHeader().getKeyID();
		add("typ logout+jwt, signed by the service", sign(
				new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(new JOSEObjectType("logout+jwt")).build(),
				this.claims, new ECDSASigner(this.serviceKey)));
		add("no typ, signed by the service", sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(),
				this.claims, new ECDSASigner(this.serviceKey)));
		add("unknown critical header, signed by the service",
				sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid)
					.type(ACCESS_TOKEN)
					.criticalParams(Set.of("x-unknown"))
					.customParam("x-unknown", true)
					.build(), this.claims, new ECDSASigner(this.serviceKey)));
	}

	private void malformed() {
		String token = this.genuine.serialize();
		add("empty", "");
		add("garbage", "not-a-token");
		add("three empty parts", "..");
		add("three garbage parts", "a.b.c");
		add("truncated", token.substring(0, token.length() / 2));
		add("one character appended", token + "A");
		add("trailing dot", token + ".");
		add("space inside", token.substring(0, 20) + " " + token.substring(20));
		add("five parts, like a JWE", token + ".AAAA.BBBB");
		add("JWS JSON serialization", "{\"payload\":\"" + this.parts[1] + "\",\"signatures\":[{\"protected\":\""
				+ this.parts[0] + "\",\"signature\":\"" + this.parts[2] + "\"}]}");
		add("4 KiB of base64", "eyJ" + "A".repeat(4096));
	}

	private void serviceSigned(String description, UnaryOperator<JWTClaimsSet.Builder> change) throws JOSEException {
		JWTClaimsSet changed = change.apply(new JWTClaimsSet.Builder(this.claims)).build();
		add(description + ", signed by the service",
				sign(header(JWSAlgorithm.ES256, this.genuine.getHeader().getKeyID()), changed,
						new ECDSASigner(this.serviceKey)));
	}

	private String hmac(JWSAlgorithm algorithm, byte[] secret) throws JOSEException {
		return sign(header(algorithm, this.genuine.getHeader().getKeyID()), this.claims, new MACSigner(secret));
	}

	private static JWSHeader header(JWSAlgorithm algorithm, String kid) {
		return new JWSHeader.Builder(algorithm).keyID(kid).type(ACCESS_TOKEN).build();
	}

	private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) throws JOSEException {
		SignedJWT jwt = new SignedJWT(header, claims);
		jwt.sign(signer);
		return jwt.serialize();
	}

	/** Changes a character in the middle, where every bit of it counts. */
	private static String flipped(String signature) {
		int middle = signature.length() / 2;
		char replacement = (signature.charAt(middle) == 'A') ? 'B' : 'A';
		return signature.substring(0, middle) + replacement + signature.substring(middle + 1);
	}

	private static String b64(String json) {
		return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
	}

	private void add(String description, String token) {
		this.tokens.put(description, token);
	}

	/** The service's active ES256 key pair, as the service itself stores it. */
	private static ECKey activeServiceKey() throws SQLException, java.text.ParseException {
		try (Connection connection = TestDatabase.shared().connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(
						"SELECT private_jwk FROM signing_keys WHERE retired_at IS NULL AND algorithm = 'ES256'")) {
			if (!rows.next()) {
				throw new IllegalStateException("No active ES256 signing key in the test database");
			}
			return (ECKey) JWK.parse(rows.getString(1));
		}
	}

}
