-- Every refresh token ever issued for a session, by SHA-256 hash only (the token itself is never
-- stored). Rotated tokens are kept, marked rotated_at, so that presenting one again is recognised
-- as reuse (RFC 9700 §4.14.2) and not merely as an unknown token. Rows go with their session.
CREATE TABLE refresh_tokens (
    token_hash bytea       PRIMARY KEY,
    session_id uuid        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    issued_at  timestamptz NOT NULL DEFAULT now(),
    rotated_at timestamptz
);

CREATE INDEX refresh_tokens_session_id_idx ON refresh_tokens (session_id);
