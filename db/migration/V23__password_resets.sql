-- Password reset tokens mailed to an account's verified address: only their SHA-256 is kept. A
-- token sets a new password once, before it expires, while the address it was mailed to is still
-- the account's verified address, and only if the password has not changed since it was issued.
CREATE TABLE password_resets (
    token_hash bytea       PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

CREATE INDEX password_resets_user_id_idx ON password_resets (user_id);
CREATE INDEX password_resets_expires_at_idx ON password_resets (expires_at);

-- Reset requests counted in a fixed window, so that every instance throttles alike:
--   key 'net:...': the client's network (IPv4 address, IPv6 /64), every request counted;
--   key 'addr:<hex SHA-256 of the lower-case address>': every request for the address, known to
--     the service or not (so the count tells nothing), without keeping the address itself.
CREATE TABLE password_reset_requests (
    key          text        PRIMARY KEY,
    requests     integer     NOT NULL,
    window_start timestamptz NOT NULL
);

CREATE INDEX password_reset_requests_window_start_idx ON password_reset_requests (window_start);
