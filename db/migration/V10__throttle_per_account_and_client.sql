-- Failed attempts counted per account and client, so that failures from one client never refuse a
-- client that has logged in to the account before (docs/security.md, "Brute-force throttling"):
--   scope 'account_client': key = lower(username), client = the client's key (its network, or its
--     device token's key when the token is known to the account); consecutive failures.
--   scope 'account': key = lower(username), client = ''; consecutive failures from clients not
--     known to the account (distributed guessing).
--   scope 'network', 'registration', 'client_auth': key = the client's network (IPv4 address,
--     IPv6 /64), client = ''; failures since window_start (a fixed window).
-- pending counts attempts being checked right now (their hash is running); it is only believed
-- until pending_until, so an instance that dies mid-check cannot hold places for ever.
ALTER TABLE login_failures DROP CONSTRAINT login_failures_scope_check;
ALTER TABLE login_failures DROP CONSTRAINT login_failures_pkey;
ALTER TABLE login_failures ADD COLUMN client text NOT NULL DEFAULT '';
ALTER TABLE login_failures ADD COLUMN pending integer NOT NULL DEFAULT 0;
ALTER TABLE login_failures ADD COLUMN pending_until timestamptz;
UPDATE login_failures SET scope = 'network', key = 'net:' || key WHERE scope = 'ip';
ALTER TABLE login_failures ADD CONSTRAINT login_failures_scope_check
    CHECK (scope IN ('account_client', 'account', 'network', 'registration', 'client_auth'));
ALTER TABLE login_failures ADD PRIMARY KEY (scope, key, client);

-- Clients that have logged in to an account: by network, and by device token (its SHA-256 only).
CREATE TABLE known_clients (
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client        text        NOT NULL,
    last_login_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, client)
);

CREATE INDEX known_clients_last_login_at_idx ON known_clients (last_login_at);
