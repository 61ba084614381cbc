-- A browser's single-sign-on session (the login page's) is a session like any other: listed and
-- revocable through /api/v1/sessions, ended by a password change, a disabling or a deletion. It
-- has no refresh token; its browser holds a cookie whose SHA-256 is browser_token_hash, and
-- auth_time is when its user last entered a password (OpenID Connect's auth_time). The columns
-- are added without a default that needs a rewrite, and the CHECK without a scan of the table.
ALTER TABLE sessions ADD COLUMN kind text NOT NULL DEFAULT 'api';
ALTER TABLE sessions ADD CONSTRAINT sessions_kind_check CHECK (kind IN ('api', 'browser')) NOT VALID;
ALTER TABLE sessions ADD COLUMN auth_time timestamptz;
ALTER TABLE sessions ADD COLUMN browser_token_hash bytea;

-- The cookie's lookup; API sessions have no hash and take no room in it.
CREATE UNIQUE INDEX sessions_browser_token_hash_idx ON sessions (browser_token_hash)
    WHERE browser_token_hash IS NOT NULL;
