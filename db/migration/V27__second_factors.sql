-- TOTP (RFC 6238) as a second factor. The secret is stored encrypted (AES-GCM under
-- AUTHFLUX_MFA_ENCRYPTION_KEY, the user id as associated data), never in the clear. A row without
-- confirmed_at is a pending enrollment, replaced by asking again. last_used_step is the RFC 6238
-- time step of the last accepted code: a code of that step or an earlier one is refused, so each
-- code is accepted once (compared and set in one UPDATE).
CREATE TABLE totp_credentials (
    user_id          uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret_encrypted bytea       NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    confirmed_at     timestamptz,
    last_used_step   bigint
);

-- Recovery codes: only the SHA-256 of the user id and the normalized code is kept. Each is
-- spent by one UPDATE ... WHERE used_at IS NULL, so a code works once however many use it at once.
CREATE TABLE recovery_codes (
    user_id   uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash bytea       NOT NULL,
    used_at   timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- The step between a right password and the second factor at POST /api/v1/sessions: an opaque
-- token handed to the client, kept as its SHA-256, spent when the login completes.
-- password_changed_at is the password the first step verified: a change in between voids it.
CREATE TABLE mfa_challenges (
    token_hash          bytea       PRIMARY KEY,
    user_id             uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    password_changed_at timestamptz NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    expires_at          timestamptz NOT NULL,
    used_at             timestamptz
);

CREATE INDEX mfa_challenges_user_id_idx ON mfa_challenges (user_id);
CREATE INDEX mfa_challenges_expires_at_idx ON mfa_challenges (expires_at);

-- The authentication methods of a session (RFC 8176 amr values), kept so that a refreshed
-- access token says what the login proved.
ALTER TABLE sessions ADD COLUMN amr text[] NOT NULL DEFAULT '{pwd}';
