-- Authorization codes (RFC 6749 §4.1) by SHA-256 only: the code is 256 random bits, so a slow
-- hash would add nothing. A code lives 60 s and is spent by one UPDATE that sets used_at; the
-- row is kept until it expires so that a replay is recognised and the session the code issued
-- (issued_session_id) is revoked (RFC 6749 §4.1.2). Codes go with their client, user or
-- browser session.
CREATE TABLE authorization_codes (
    code_hash          bytea       PRIMARY KEY CHECK (octet_length(code_hash) = 32),
    client_id          text        NOT NULL REFERENCES oauth_clients (client_id) ON DELETE CASCADE,
    user_id            uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    browser_session_id uuid        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    redirect_uri       text,
    scope              text        NOT NULL,
    nonce              text,
    code_challenge     text,
    auth_time          timestamptz NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    expires_at         timestamptz NOT NULL,
    used_at            timestamptz,
    issued_session_id  uuid
);

CREATE INDEX authorization_codes_expires_at_idx ON authorization_codes (expires_at);

-- prompt=login: the moment a request sent its browser to the login page, under the SHA-256 of a
-- random marker carried through return_to. The request resumes only with a session whose
-- auth_time is not before it, so the sign-in is fresh and the redirect cannot loop.
CREATE TABLE authorization_logins (
    marker_hash bytea       PRIMARY KEY CHECK (octet_length(marker_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);

CREATE INDEX authorization_logins_expires_at_idx ON authorization_logins (expires_at);

-- A code exchange starts a session of its own for the client (kind 'client'), a child of the
-- browser session that approved it: ending the browser session ends its children (the trigger
-- below, whichever statement revoked it), ending a child leaves the browser session alone.
ALTER TABLE sessions ADD COLUMN client_id text;
ALTER TABLE sessions ADD COLUMN parent_id uuid REFERENCES sessions (id) ON DELETE SET NULL;
ALTER TABLE sessions DROP CONSTRAINT sessions_kind_check;
ALTER TABLE sessions ADD CONSTRAINT sessions_kind_check CHECK (kind IN ('api', 'browser', 'client')) NOT VALID;

CREATE INDEX sessions_parent_id_idx ON sessions (parent_id) WHERE parent_id IS NOT NULL;

CREATE FUNCTION revoke_child_sessions() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sessions SET revoked_at = NEW.revoked_at, revoke_reason = 'browser_session_ended'
    WHERE parent_id = NEW.id AND revoked_at IS NULL;
    RETURN NULL;
END
$$;

CREATE TRIGGER sessions_revoke_children
    AFTER UPDATE OF revoked_at ON sessions
    FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL AND NEW.kind = 'browser')
    EXECUTE FUNCTION revoke_child_sessions();
