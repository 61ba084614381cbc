package dev.authflux.session;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.authflux.token.AccessTokens;
import dev.authflux.token.IssuedAccessToken;
import dev.authflux.token.TokenProperties;
import dev.authflux.mfa.MfaService;
import dev.authflux.support.TestProperties;
import dev.authflux.support.TestUsers;
import dev.authflux.user.User;
import dev.authflux.user.UserService;
import dev.authflux.web.NotFoundException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * The session rules, with the repository replaced: which statements run for which
 * outcome.
 */
class SessionServiceTests {

	private final SessionRepository repository = mock(SessionRepository.class);

	private final AccessTokens accessTokens = mock(AccessTokens.class);

	private final SessionProperties sessionProperties = TestProperties.bind("authflux.session",
			SessionProperties.class);

	private final SessionService service = new SessionService(this.repository, mock(ClientSessionRepository.class),
			new LiveSessionCache(this.repository, this.sessionProperties, Clock.systemUTC()), mock(UserService.class),
			this.accessTokens, new RefreshTokens(new SecureRandom()), this.sessionProperties,
			TestProperties.bind("authflux.token", TokenProperties.class), mock(MfaService.class));

	private final User alice = new User(UUID.randomUUID(), "alice", "hash", Instant.now(), Instant.now(), null, false);

	@Test
	void refreshWhenRotatedThenNewPairWhoseRefreshTokenIsTheOneStored() {
		UUID sessionId = UUID.randomUUID();
		ArgumentCaptor<byte[]> storedHash = ArgumentCaptor.forClass(byte[].class);
		given(this.repository.rotate(any(), storedHash.capture(), eq(Duration.ofDays(30)), eq(100), isNull(), any()))
			.willReturn(Mono.just(new SessionRepository.RotatedSession(sessionId, this.alice.id(), "alice", 2592000,
					null, null, null, List.of("pwd"))));
		given(this.accessTokens.issue(this.alice.id(), "alice", sessionId, List.of("pwd")))
			.willReturn(Mono.just(new IssuedAccessToken("jwt", 600)));

		StepVerifier.create(this.service.refresh("presented-token", TestUsers.CLIENT)).assertNext((tokens) -> {
			assertThat(tokens.refreshToken()).isNotEqualTo("presented-token").hasSize(43);
			assertThat(RefreshTokens.hash(tokens.refreshToken())).isEqualTo(storedHash.getValue());
			assertThat(tokens.sessionId()).isEqualTo(sessionId);
			assertThat(tokens.tokenType()).isEqualTo("Bearer");
		}).verifyComplete();
		then(this.repository).should(org.mockito.Mockito.never()).revokeOnReuse(any(), any(), any());
	}

	@Test
	void refreshWhenNotRotatableThenReuseCheckAndInvalidRefreshToken() {
		given(this.repository.rotate(any(), any(), any(), anyInt(), any(), any())).willReturn(Mono.empty());
		given(this.repository.revokeOnReuse(any(), any(), any())).willReturn(Mono.just(UUID.randomUUID()));
		StepVerifier.create(this.service.refresh("old-token", TestUsers.CLIENT))
			.expectError(InvalidRefreshTokenException.class)
			.verify();
		ArgumentCaptor<byte[]> checked = ArgumentCaptor.forClass(byte[].class);
		then(this.repository).should().revokeOnReuse(checked.capture(), isNull(), any());
		assertThat(checked.getValue()).isEqualTo(RefreshTokens.hash("old-token"));
	}

	@Test
	void revokeWhenNotTheCallersSessionThenNotFound() {
		given(this.repository.revoke(eq(this.alice.id()), any(), any(), any())).willReturn(Mono.just(false));
		StepVerifier
			.create(this.service.revoke(new AuthenticatedSession(UUID.randomUUID(), this.alice.profile()),
					UUID.randomUUID(), TestUsers.CLIENT))
			.expectError(NotFoundException.class)
			.verify();
	}

}
