package dev.authflux.passkey;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.UserNotVerifiedException;
import dev.authflux.web.ServiceUnavailableException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * What authenticators send, parsed and verified by webauthn4j (WebAuthn Level 2 §7.1 for
 * registration, §7.2 for authentication). All of it runs on threads of its own, a bounded
 * pool: it is CPU work (CBOR, a signature check) in a library this service does not
 * control, so it never runs on an event loop.
 */
@Component
class AuthenticatorResponses implements DisposableBean {

	/** ES256 and RS256: what every platform authenticator and security key offers. */
	static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
			new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
			new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

	private static final int QUEUED_TASKS = 1000;

	// Non-strict: passkeys are registered with attestation "none", so there is no
	// attestation to check against trust anchors.
	private final WebAuthnManager manager = WebAuthnManager.createNonStrictWebAuthnManager();

	private final AttestedCredentialDataConverter credentialData = new AttestedCredentialDataConverter(
			new ObjectConverter());

	private final RelyingParty relyingParty;

	private final Scheduler scheduler;

	AuthenticatorResponses(RelyingParty relyingParty, PasskeyProperties properties) {
		this.relyingParty = relyingParty;
		this.scheduler = Schedulers.newBoundedElastic(properties.verificationThreads(), QUEUED_TASKS,
				"passkey-verification");
	}

	/** The browser's registration response (its {@code toJSON()}), parsed, unverified. */
	Mono<RegistrationData> parseRegistration(String json) {
		return offLoop(() -> {
			try {
				return this.manager.parseRegistrationResponseJSON(json);
			}
			catch (RuntimeException ex) {
				throw new InvalidCredentialException();
			}
		});
	}

	/**
	 * The browser's authentication response (its {@code toJSON()}), parsed, unverified.
	 */
	Mono<AuthenticationData> parseAuthentication(String json) {
		return offLoop(() -> {
			try {
				AuthenticationData data = this.manager.parseAuthenticationResponseJSON(json);
				if (data.getCredentialId() == null || data.getCollectedClientData() == null
						|| data.getAuthenticatorData() == null) {
					throw new InvalidCredentialException();
				}
				return data;
			}
			catch (RuntimeException ex) {
				throw new InvalidCredentialException();
			}
		});
	}

	/**
	 * Verifies a registration against the challenge it answered, this relying party's ID
	 * and origins and the allowed algorithms; the credential to store.
	 */
	Mono<NewPasskey> verifyRegistration(RegistrationData data, byte[] challenge) {
		return offLoop(() -> {
			RegistrationParameters parameters = new RegistrationParameters(serverProperty(challenge), ALGORITHMS, false,
					true);
			try {
				this.manager.verify(data, parameters);
			}
			catch (RuntimeException ex) {
				// VerificationException, or what malformed parts that parsed make the
				// library throw: either way the client's fault, never a 500.
				throw new InvalidCredentialException();
			}
			AuthenticatorData<?> authenticator = data.getAttestationObject().getAuthenticatorData();
			Set<String> transports = (data.getTransports() != null)
					? data.getTransports().stream().map(AuthenticatorTransport::getValue).collect(Collectors.toSet())
					: Set.of();
			return new NewPasskey(authenticator.getAttestedCredentialData().getCredentialId(),
					this.credentialData.convert(authenticator.getAttestedCredentialData()),
					authenticator.getSignCount(), authenticator.isFlagUV(), authenticator.isFlagBE(),
					authenticator.isFlagBS(), transports);
		});
	}

	/**
	 * Verifies an assertion of a stored passkey against the challenge it answered:
	 * origin, RP ID, user presence (and user verification if required), signature, and
	 * that the signature counter grew (WebAuthn §6.1.1).
	 */
	Mono<Assertion> verifyAuthentication(AuthenticationData data, byte[] challenge, StoredPasskey passkey,
			boolean userVerificationRequired) {
		return offLoop(() -> {
			CredentialRecordImpl record = new CredentialRecordImpl(new NoneAttestationStatement(),
					passkey.uvInitialized(), passkey.backupEligible(), passkey.backupState(), passkey.signCount(),
					this.credentialData.convert(passkey.attestedCredentialData()), null, null, null, null);
			AuthenticationParameters parameters = new AuthenticationParameters(serverProperty(challenge), record, null,
					userVerificationRequired, true);
			try {
				this.manager.verify(data, parameters);
			}
			catch (MaliciousCounterValueException ex) {
				throw new InvalidPasskeyException(PasskeyRefusal.COUNTER);
			}
			catch (UserNotVerifiedException ex) {
				throw new InvalidPasskeyException(PasskeyRefusal.USER_VERIFICATION);
			}
			catch (RuntimeException ex) {
				throw new InvalidPasskeyException(PasskeyRefusal.VERIFICATION);
			}
			AuthenticatorData<?> authenticator = data.getAuthenticatorData();
			return new Assertion(authenticator.getSignCount(), authenticator.isFlagUV(), authenticator.isFlagBS());
		});
	}

	private ServerProperty serverProperty(byte[] challenge) {
		return new ServerProperty(this.relyingParty.origins(), this.relyingParty.id(), new DefaultChallenge(challenge));
	}

	private <T> Mono<T> offLoop(Callable<T> work) {
		return Mono.fromCallable(work)
			.subscribeOn(this.scheduler)
			.onErrorMap(RejectedExecutionException.class, (ex) -> ServiceUnavailableException.overloaded(1));
	}

	@Override
	public void destroy() {
		this.scheduler.dispose();
	}

	/** A verified registration: what is stored of the new credential. */
	record NewPasskey(byte[] credentialId, byte[] attestedCredentialData, long signCount, boolean userVerified,
			boolean backupEligible, boolean backupState, Set<String> transports) {
	}

	/** A verified assertion: the counter to store and the flags it carried. */
	record Assertion(long signCount, boolean userVerified, boolean backupState) {
	}

}
