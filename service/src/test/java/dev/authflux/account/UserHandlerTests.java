package dev.authflux.account;

import dev.authflux.user.EmailService;
import dev.authflux.user.EmailStatus;
import dev.authflux.user.User;
import dev.authflux.user.UserService;
import dev.authflux.user.InvalidCredentialsException;
import dev.authflux.user.UsernameTakenException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.authflux.mfa.MfaService;
import dev.authflux.session.AuthenticatedSession;
import dev.authflux.session.BearerAuthentication;
import dev.authflux.audit.ClientAddresses;
import dev.authflux.web.JsonRequests;
import dev.authflux.web.ProblemExceptionHandler;
import dev.authflux.web.Problems;
import jakarta.validation.Validation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.ServerRequest;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * The user routes and handler, with the service replaced: what the HTTP layer itself
 * does.
 */
class UserHandlerTests {

	private static final User ALICE = new User(UUID.randomUUID(), "Alice", "$argon2id$secret-hash",
			Instant.parse("2026-01-02T03:04:05Z"), Instant.parse("2026-01-02T03:04:05Z"), null, false);

	private final UserService users = mock(UserService.class);

	private final EmailService emails = mock(EmailService.class);

	/**
	 * Real default methods ({@code apply}, used by the router), stubbed {@code filter}.
	 */
	private final BearerAuthentication bearer = mock(BearerAuthentication.class, Mockito.CALLS_REAL_METHODS);

	private final UUID sessionId = UUID.randomUUID();

	private WebTestClient client;

	@BeforeEach
	void bind() {
		willAnswer((invocation) -> {
			ServerRequest request = invocation.getArgument(0);
			request.attributes()
				.put(AuthenticatedSession.ATTRIBUTE, new AuthenticatedSession(this.sessionId, ALICE.profile()));
			HandlerFunction<?> next = invocation.getArgument(1);
			return next.handle(request);
		}).given(this.bearer).filter(any(), any());
		given(this.emails.of(ALICE.id())).willReturn(Mono.just(new EmailStatus("alice@example.com", true)));
		UserHandler handler = new UserHandler(this.users, this.emails,
				new JsonRequests(Validation.buildDefaultValidatorFactory().getValidator()),
				new ClientAddresses(List.of()));
		SecondFactorHandler secondFactor = new SecondFactorHandler(mock(MfaService.class),
				new JsonRequests(Validation.buildDefaultValidatorFactory().getValidator()),
				new ClientAddresses(List.of()));
		this.client = WebTestClient
			.bindToRouterFunction(new UserRoutes().userRouter(handler, secondFactor, this.bearer))
			.handlerStrategies(HandlerStrategies.builder()
				.exceptionHandler(
						new ProblemExceptionHandler(new Problems(16384), JsonMapper.builder().build(), List.of()))
				.build())
			.build();
	}

	@Test
	void registerWhenValidThen201WithLocationAndNoHash() {
		given(this.users.register(eq("Alice"), eq("long enough"), isNull(), any())).willReturn(Mono.just(ALICE));
		this.client.post()
			.uri("/api/v1/users")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"username\":\"Alice\",\"password\":\"long enough\"}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.location("/api/v1/users/me")
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(ALICE.id().toString())
			.jsonPath("$.created_at")
			.isEqualTo("2026-01-02T03:04:05Z")
			.jsonPath("$.email_verified")
			.isEqualTo(false)
			.jsonPath("$.password_hash")
			.doesNotExist();
	}

	@Test
	void registerWhenInvalidThen400AndServiceNotCalled() {
		this.client.post()
			.uri("/api/v1/users")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"username\":\"x\",\"password\":\"long enough\"}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("username");
		then(this.users).shouldHaveNoInteractions();
	}

	@Test
	void registerWhenTakenThen409() {
		given(this.users.register(anyString(), anyString(), any(), any()))
			.willReturn(Mono.error(new UsernameTakenException()));
		this.client.post()
			.uri("/api/v1/users")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"username\":\"Alice\",\"password\":\"long enough\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("username_taken");
	}

	@Test
	void meWhenAuthenticatedThenTheCallersAccount() {
		this.client.get()
			.uri("/api/v1/users/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.username")
			.isEqualTo("Alice")
			.jsonPath("$.email")
			.isEqualTo("alice@example.com")
			.jsonPath("$.email_verified")
			.isEqualTo(true)
			.jsonPath("$.password_hash")
			.doesNotExist();
	}

	@Test
	void changePasswordKeepsTheCallersSession() {
		given(this.users.changePassword(eq(ALICE.profile()), eq(this.sessionId), eq("old password"),
				eq("new password!"), any()))
			.willReturn(Mono.empty());
		this.client.put()
			.uri("/api/v1/users/me/password")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"current_password\":\"old password\",\"new_password\":\"new password!\"}")
			.exchange()
			.expectStatus()
			.isNoContent();
		then(this.users).should()
			.changePassword(eq(ALICE.profile()), eq(this.sessionId), eq("old password"), eq("new password!"), any());
	}

	@Test
	void changePasswordWhenNewTooShortThen400NamingTheJsonField() {
		this.client.put()
			.uri("/api/v1/users/me/password")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"current_password\":\"old password\",\"new_password\":\"short\"}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("new_password");
	}

	@Test
	void deleteWhenWrongPasswordThen401() {
		given(this.users.delete(eq(ALICE.profile()), eq("wrong"), any()))
			.willReturn(Mono.error(new InvalidCredentialsException()));
		this.client.method(org.springframework.http.HttpMethod.DELETE)
			.uri("/api/v1/users/me")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"password\":\"wrong\"}")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("invalid_credentials");
	}

	@Test
	void changeEmailWhenNotAnAddressThen400NamingTheField() {
		this.client.put()
			.uri("/api/v1/users/me/email")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"email\":\"alice at example.com\"}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("validation_failed")
			.jsonPath("$.errors[0].field")
			.isEqualTo("email");
		then(this.emails).should(Mockito.never()).change(any(), any(), any());
	}

	@Test
	void wrongMethodThen405() {
		this.client.patch().uri("/api/v1/users/me").exchange().expectStatus().isEqualTo(405);
	}

}
