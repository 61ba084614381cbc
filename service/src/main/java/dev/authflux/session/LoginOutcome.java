package dev.authflux.session;

/**
 * What a right password at {@code POST /api/v1/sessions} leads to: a session's tokens, or
 * for an account with a second factor the step that asks for it.
 */
public sealed interface LoginOutcome permits TokenResponse, SecondFactorRequired {

}
