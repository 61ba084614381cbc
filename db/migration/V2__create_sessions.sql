-- One row per login. A session outlives its access tokens; it ends when it is revoked, when it
-- has not been refreshed for the idle lifetime, or at its absolute lifetime.
CREATE TABLE sessions (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    max_expires_at timestamptz NOT NULL,
    revoked_at    timestamptz,
    revoke_reason text,
    user_agent    text,
    ip            text
);

CREATE INDEX sessions_user_id_idx ON sessions (user_id);
